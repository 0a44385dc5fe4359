"""Tools for the officers who keep the bank: importing the Cabinet Division's form from a
spreadsheet, checking that service links still work, and routing reviews to each office's
maintainers (CODEOWNERS). Each is a small module behind one `innobank` command."""
