/** Tessera: an open, DICOMweb-compliant imaging archive. */
package io.tessera;
