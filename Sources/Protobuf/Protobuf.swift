// Protobuf wire codec (being written).
