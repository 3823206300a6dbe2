package io.tessera.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Writes under /dicomweb and /api need the admin token; reads and CORS preflights do not. */
@QuarkusTest
class AdminTokenFilterTest {

    @Test
    void writesWithoutTheTokenAre401WithABearerChallenge() {
        given().contentType("application/json").body("{}")
                .put("/api/collections/x")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer realm=\"tessera\""));
        given().contentType("application/json").body("{}")
                .delete("//dicomweb/studies/1.2.3")
                .then().statusCode(401);
        given().header("Authorization", "Basic dGVzdDp0ZXN0").contentType("application/dicom").body(new byte[0])
                .post("/dicomweb/studies")
                .then().statusCode(401);
    }

    @Test
    void aWrongTokenIsAnInvalidToken() {
        given().header("Authorization", "Bearer test-admin-token-but-longer").contentType("application/dicom")
                .body(new byte[0])
                .post("/dicomweb/studies")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
    }

    @Test
    void theTokenLetsWritesThroughInAnyCase() {
        given().header("Authorization", "bearer test-admin-token").contentType("text/plain").body("x")
                .post("/dicomweb/studies")
                .then().statusCode(415);
    }

    @Test
    void readsAndPreflightsNeedNoToken() {
        given().get("/dicomweb/studies").then().statusCode(not(401));
        given().header("Origin", "https://viewer.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/dicomweb/studies")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", containsString("viewer.example"));
    }
}
