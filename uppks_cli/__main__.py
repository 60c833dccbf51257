from uppks_cli.cli.quick import main

main()
