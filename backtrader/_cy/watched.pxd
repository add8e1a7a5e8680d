# Interface of the watched settings: one version number that moves whenever an
# attribute of a commission scheme, of its params, of a broker's params or of
# a CommInfoMap is set or deleted (their classes install watched_setattr /
# watched_delattr). Caches of figures read from those objects compare it.

cdef unsigned long long settings_version() noexcept
cdef bint is_watched(object obj)
