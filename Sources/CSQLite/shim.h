// SQLite from the OS (libsqlite3-dev): the durable request log's storage.
#include <sqlite3.h>
