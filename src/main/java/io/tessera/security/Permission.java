package io.tessera.security;

/** What an API token's grant allows on one collection. */
public enum Permission {
    /** See the collection on every read surface, restricted or not. */
    READ,
    /** Store instances into the collection with STOW-RS. */
    UPLOAD
}
