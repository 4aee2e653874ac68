// HPACK (being written).
