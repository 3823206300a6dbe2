-- The orphan sweeper asks which object keys have an index row, a batch of keys at a time.
CREATE INDEX instance_object_key ON instance (object_key);
