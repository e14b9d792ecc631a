from qplan.cli.app import main

main()
