from hamafza.cli import main

main()
