package io.tessera.collections;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTML pages: what they show, that every value is escaped, and that / leads browsers to them. */
@QuarkusTest
class CollectionPagesTest {
    private static final String HOSTILE = "Trial <script>alert('x')</script> & \"friends\"";

    private static String slug;
    private static String study;
    private static String series;

    @BeforeEach
    void storeAStudyInACollectionWithAHostileTitleOnce() {
        if (slug != null) {
            return;
        }
        slug = "pages-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", RicordCollections.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("title", HOSTILE, "doi", "10.99999/" + slug, "description", "<b>not bold</b>",
                        "citation", "Cite <i>us</i>", "license",
                        Map.of("name", "CC BY 4.0", "url", "https://creativecommons.org/licenses/by/4.0/")))
                .put("/api/collections/" + slug).then().statusCode(201);
        study = GeneratedStudies.newUid();
        series = GeneratedStudies.newUid();
        given().header("Authorization", RicordCollections.ADMIN).contentType("application/dicom")
                .body(GeneratedStudies.instance("P<1>", study, series, GeneratedStudies.newUid(), "CT"))
                .post("/dicomweb/collections/" + slug + "/studies").then().statusCode(200);
        given().header("Authorization", RicordCollections.ADMIN).contentType("text/csv")
                .body("level,uid,label,value,reader\nSTUDY," + study + ",covid&<flu>,positive,r1\n")
                .post("/api/collections/" + slug + "/labels").then().statusCode(200);
    }

    @Test
    void everyValueIsEscaped() {
        for (String page : new String[] {"/collections", "/collections/" + slug}) {
            given().get(page).then().statusCode(200).contentType(startsWith("text/html"))
                    .body(not(containsString("<script")))
                    .body(containsString("Trial &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;"));
        }
        given().get("/collections/" + slug).then()
                .body(not(containsString("<b>not bold</b>"))).body(containsString("&lt;b&gt;not bold&lt;/b&gt;"))
                .body(containsString("Cite &lt;i&gt;us&lt;/i&gt;"))
                .body(containsString("patient P&lt;1&gt;"))
                .body(containsString("covid&amp;&lt;flu&gt; (1)"))
                .body(containsString("archive.zip?label=covid%26%3Cflu%3E"));
    }

    @Test
    void theCollectionPageLinksDoiLicenseDownloadsThumbnailsAndTheViewer() {
        given().get("/collections/" + slug).then().statusCode(200)
                .body(containsString("<a href=\"https://doi.org/10.99999/" + slug + "\">10.99999/" + slug + "</a>"))
                .body(containsString("<a href=\"https://creativecommons.org/licenses/by/4.0/\">CC BY 4.0</a>"))
                .body(containsString("1 patients"))
                .body(containsString("href=\"/api/collections/" + slug + "/archive.zip\""))
                .body(containsString("href=\"/api/collections/" + slug + "/manifest?format=csv\""))
                .body(containsString("href=\"/api/collections/" + slug + "/manifest?format=s5cmd\""))
                .body(containsString("href=\"/api/collections/" + slug + "/citation?format=bibtex\""))
                .body(containsString("src=\"/dicomweb/collections/" + slug + "/studies/" + study + "/series/" + series
                        + "/thumbnail\""))
                .body(containsString("href=\"/viewer?StudyInstanceUIDs=" + study + "\""))
                .body(containsString("href=\"/api/collections/" + slug + "/studies/" + study + "/archive.zip\""));
    }

    @Test
    void theListShowsEachCollectionWithThumbnails() {
        given().get("/collections").then().statusCode(200)
                .body(containsString("<a href=\"/collections/" + slug + "\">"))
                .body(containsString("src=\"/dicomweb/collections/" + slug + "/studies/" + study + "/series/" + series
                        + "/thumbnail\""));
    }

    @Test
    void theLinkedThumbnailIsAnImage() {
        given().get("/dicomweb/collections/" + slug + "/studies/" + study + "/series/" + series + "/thumbnail")
                .then().statusCode(200).contentType("image/jpeg");
    }

    @Test
    void anUnknownCollectionIs404() {
        given().get("/collections/never-" + slug).then().statusCode(404);
        given().get("/collections/NOT_A_SLUG").then().statusCode(400);
    }

    @Test
    void theRootLeadsBrowsersToThePagesAndClientsToTheJson() {
        given().redirects().follow(false).accept("text/html,application/xhtml+xml,*/*;q=0.8").get("/")
                .then().statusCode(303).header("Location", endsWith("/collections"));
        given().redirects().follow(false).accept("*/*").get("/")
                .then().statusCode(303).header("Location", endsWith("/api/collections"));
        given().redirects().follow(false).accept("application/json").get("/")
                .then().statusCode(303).header("Location", endsWith("/api/collections"));
    }
}
