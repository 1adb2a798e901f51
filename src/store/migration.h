/*
 * migration.h - numbered schema migrations embedded in the binary.
 * Each backend has its own list (its own SQL dialect), ending with a
 * zeroed entry; versions increase strictly.
 */
#ifndef HIMAYA_MIGRATION_H
#define HIMAYA_MIGRATION_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration sqlite_migrations[];
extern const struct migration pg_migrations[];

#endif
