package io.tessera.dicomweb.wado;

import io.tessera.dicomweb.CollectionScope;
import jakarta.ws.rs.core.UriInfo;

/**
 * Absolute URLs of WADO-RS resources as this request reached them: its base (scheme, host, port, as the proxy
 * headers say when configured) and the DICOMweb root it came through, so links stay inside a collection's scope.
 */
record WadoUrls(String root) {

    static WadoUrls of(UriInfo uriInfo, CollectionScope scope) {
        String base = uriInfo.getBaseUri().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new WadoUrls(base + scope.root());
    }

    String instance(StoredInstance instance) {
        return root + instance.path();
    }

    String frame(StoredInstance instance, int number) {
        return instance(instance) + "/frames/" + number;
    }
}
