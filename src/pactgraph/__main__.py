from pactgraph.cli import main

main()
