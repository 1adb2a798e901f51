/*
 * auth_internal.h - shared between auth.c, auth_user.c and
 * auth_session.c: library initialisation, password hashing and the
 * conversion between the store's account rows and struct user.
 */
#ifndef HIMAYA_AUTH_INTERNAL_H
#define HIMAYA_AUTH_INTERNAL_H

#include "auth.h"
#include "../store/store.h"

/* sodium_init and oath_init, once per process; HIM_EUSAGE if they fail. */
int auth_libs_init(struct err *err);

/* Argon2id string of password (caller frees), interactive limits. */
int auth_password_hash(const char *password, char **out, struct err *err);
/* A fresh TOTP secret: 20 random bytes (RFC 4226's size) in base32. */
int auth_totp_new_secret(char **out_b32, struct err *err);

/* The user a stored account describes; false when its role is unknown. */
bool auth_user_from_account(const struct account *a, struct user *out);

#endif
