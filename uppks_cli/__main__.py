from uppks_cli.cli import main

main()
