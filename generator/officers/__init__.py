"""Tools for the officers who keep the bank: importing the Cabinet Division's form from a
spreadsheet, checking that service links still work, routing reviews to each office's
maintainers (CODEOWNERS), and the comment on a pull request. Each is a small module behind one
`innobank` command."""
