from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hamafza.org.permissions import access_staff


@login_required
def desk_home(request: HttpRequest) -> HttpResponse:
    access_staff(request.user)
    return render(request, "org/desk_home.html", {})
