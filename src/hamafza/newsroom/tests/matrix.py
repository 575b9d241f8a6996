"""The shape of a permission-matrix row, shared by the UI and the API matrices."""

Cell = tuple[int, int]  # (own unit, another unit)


def expect(
    *,
    reporter: Cell,
    editor: Cell,
    head: Cell,
    viewer: Cell,
    hq_editor: Cell,
    outsider: Cell = (403, 403),
    anonymous: Cell = (401, 401),
) -> dict[str, Cell]:
    return {
        "reporter": reporter,
        "editor": editor,
        "head": head,
        "viewer": viewer,
        "hq_editor": hq_editor,
        "outsider": outsider,
        "anonymous": anonymous,
    }


def same(own: int, other: int, **overrides: Cell) -> dict[str, Cell]:
    """Every staff role alike, with ``overrides``."""
    cells = dict.fromkeys(("reporter", "editor", "head", "viewer", "hq_editor"), (own, other))
    return expect(**{**cells, **overrides})
