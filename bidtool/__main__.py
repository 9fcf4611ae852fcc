from bidtool.cli import main

main()
