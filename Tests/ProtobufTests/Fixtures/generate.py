# fixture generator (being written)
