from uppks_cli.entry import main

main()
