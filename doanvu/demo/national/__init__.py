"""The national data set (`doanvu seed_national`): the Union's tree of the whole country through the 2025
reform, with members and work records, written with PostgreSQL's COPY (docs/national.md)."""
