package io.tessera.viewer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tessera.dicomweb.stow.TestInstances;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bundle's files, the SPA fallback and app-config.js over HTTP (the build packs the bundle into the classes). */
@QuarkusTest
class ViewerResourceTest {

    @Test
    void viewerRoutesAnswerTheAppWithoutCaching() {
        for (String route : new String[] {"/viewer", "/viewer/all", "/basic", "/segmentation", "/local"}) {
            given().queryParam("StudyInstanceUIDs", "1.2.3").get(route).then().statusCode(200)
                    .contentType(startsWith("text/html"))
                    .header("Cache-Control", "no-cache")
                    .body(containsString("<script rel=\"preload\" as=\"script\" src=\"/app-config.js\">"));
        }
    }

    @Test
    void aRevalidatedFileIsNotSentAgain() {
        String tag = given().get("/viewer").then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", tag).get("/viewer").then().statusCode(304);
        given().header("If-None-Match", tag).get("/index.html").then().statusCode(304);
    }

    @Test
    void filesHaveTheirTypesAndHashedOnesAreCachedForAYear() {
        String index = given().get("/index.html").then().statusCode(200).extract().asString();
        String bundle = index.replaceAll("(?s).*src=\"/(app\\.bundle\\.[0-9a-f]{16}\\.js)\".*", "$1");
        given().get("/" + bundle).then().statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable");
        given().get("/app.bundle.css").then().statusCode(200).contentType(startsWith("text/css"))
                .header("Cache-Control", "no-cache");
        given().get("/assets/favicon.ico").then().statusCode(200).contentType("image/x-icon");
        given().get("/customizations/tools/ctPresets.jsonc").then().statusCode(200).contentType("application/json");
        given().get("/init-service-worker.js").then().statusCode(200).contentType(startsWith("text/javascript"));
    }

    @Test
    void wasmIsServedAsWasm() {
        given().get("/0ddf166f7a343eda.wasm").then().statusCode(200).contentType("application/wasm")
                .header("Cache-Control", "public, max-age=31536000, immutable");
    }

    @Test
    void droppedPartsAndUnknownFilesAre404() {
        for (String path : new String[] {"/ort/ort.all.js", "/dicom-microscopy-viewer/index.worker.min.js",
                "/google.js", "/_redirects", "/serve.json", "/app.bundle.0f6159c501addfe9.js.map", "/nope.js"}) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void theFallbackShadowsNoOtherRoot() {
        given().get("/dicomweb/studies").then().statusCode(200).contentType(startsWith("application/dicom+json"));
        given().get("/api/collections").then().statusCode(200).contentType(ContentType.JSON);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/dicomweb/viewer").then().statusCode(404).body(not(containsString("app-config.js")));
        given().get("/api/viewer").then().statusCode(404).body(not(containsString("app-config.js")));
    }

    @Test
    void appConfigHasTheWholeArchiveAndEachReadableCollection() {
        String slug = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", TestInstances.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("title", "Viewer \"quoted\" </script> title")).put("/api/collections/" + slug)
                .then().statusCode(201);
        String script = given().get("/app-config.js").then().statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Cache-Control", "no-cache")
                .extract().asString();
        given().get("/app-config.js").then().body(startsWith("window.config = {"));
        JsonPath config = new JsonPath(
                script.substring("window.config = ".length(), script.lastIndexOf(';')));
        assertThat(config.getString("defaultDataSourceName"), equalTo("all"));
        assertThat(config.getList("modes").size(), equalTo(0));
        String all = "dataSources.find { it.sourceName == 'all' }.configuration";
        assertThat(config.getString(all + ".qidoRoot"), equalTo("/dicomweb"));
        assertThat(config.getString(all + ".wadoRoot"), equalTo("/dicomweb"));
        assertThat(config.getString(all + ".imageRendering"), equalTo("wadors"));
        assertThat(config.getString(all + ".thumbnailRendering"), equalTo("thumbnail"));
        assertThat(config.getString(all + ".thumbnailRequestStrategy"), equalTo("fetch"));
        assertThat(config.getBoolean(all + ".enableStudyLazyLoad"), equalTo(true));
        String mine = "dataSources.find { it.sourceName == 'collection-" + slug + "' }.configuration";
        assertThat(config.getString(mine + ".wadoRoot"),
                equalTo("/dicomweb/collections/" + slug));
        assertThat(config.getString(mine + ".friendlyName"),
                equalTo("Viewer \"quoted\" </script> title"));
    }
}
