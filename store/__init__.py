"""The mirror database: tables generated from schemas/, repositories, audit log, migrations."""
