package io.tessera;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.tessera.dicomweb.CollectionScope;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI description, {@code openapi/openapi.yaml}, is served at {@code /q/openapi} and cannot drift from the
 * code: every JAX-RS resource method (path and HTTP method, both DICOMweb roots expanded) must be described, and
 * every operation described outside {@code /q/} must exist as a resource method.
 */
@QuarkusTest
class OpenApiTest {
    /** The two roots {@link CollectionScope#ROOT_TEMPLATE} matches, as the description writes them. */
    private static final List<String> DICOMWEB_ROOTS = List.of("/dicomweb", "/dicomweb/collections/{slug}");
    private static final Set<String> OPERATION_KEYS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** Paths served by Quarkus extensions (health), not by Tessera's resource classes. */
    private static final String EXTENSION_PREFIX = "/q/";
    private static final java.nio.file.Path SOURCE = java.nio.file.Path.of("openapi", "openapi.yaml");

    @Test
    void servesTheDescriptionAtQOpenapi() {
        String yaml = given().when().get("/q/openapi")
                .then().statusCode(200).contentType(containsString("yaml"))
                .extract().asString();
        assertTrue(yaml.contains("openapi: 3.1"), yaml.lines().limit(5).toList().toString());
        assertTrue(yaml.contains("title: Tessera"));
        assertTrue(yaml.contains("/dicomweb/collections/{slug}/studies"));
        assertTrue(yaml.contains("bearerToken"));
    }

    @Test
    void servedDescriptionIsTheSourceFile() throws IOException {
        Set<String> served = new TreeSet<>(servedPaths().keySet());
        assertEquals(sourcePaths(), served, "paths served at /q/openapi differ from " + SOURCE
                + " (is the pom's resource entry copying it to META-INF/openapi.yaml?)");
    }

    @Test
    void everyResourceMethodIsDescribed() throws IOException {
        Set<String> described = describedOperations(servedPaths());
        Set<String> missing = new TreeSet<>();
        for (String endpoint : codeEndpoints()) {
            if (!described.contains(endpoint)) {
                missing.add(endpoint);
            }
        }
        assertTrue(missing.isEmpty(), "JAX-RS endpoints missing from " + SOURCE + ": " + missing);
    }

    @Test
    void everyDescribedOperationExists() throws IOException {
        Set<String> endpoints = codeEndpoints();
        Set<String> invented = new TreeSet<>();
        for (String operation : describedOperations(servedPaths())) {
            if (!operation.substring(operation.indexOf(' ') + 1).startsWith(EXTENSION_PREFIX)
                    && !endpoints.contains(operation)) {
                invented.add(operation);
            }
        }
        assertTrue(invented.isEmpty(), SOURCE + " describes operations no resource method serves: " + invented);
    }

    /** AdminTokenFilter guards every write under /dicomweb and /api with a bearer token: the description must say so. */
    @Test
    @SuppressWarnings("unchecked")
    void writesNeedTheAdminToken() {
        List<String> wrong = new ArrayList<>();
        servedPaths().forEach((path, item) -> item.forEach((key, value) -> {
            if (!OPERATION_KEYS.contains(key) || SAFE_METHODS.contains(key.toUpperCase(Locale.ROOT))
                    || !(path.startsWith("/dicomweb") || path.startsWith("/api"))) {
                return;
            }
            Map<String, Object> operation = (Map<String, Object>) value;
            List<Map<String, Object>> security = (List<Map<String, Object>>) operation.get("security");
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            if (security == null || security.isEmpty() || security.stream().anyMatch(Map::isEmpty)
                    || !security.stream().allMatch(requirement -> requirement.containsKey("bearerToken"))
                    || !responses.containsKey("401")) {
                wrong.add(key.toUpperCase(Locale.ROOT) + " " + path);
            }
        }));
        assertTrue(wrong.isEmpty(), "writes without bearerToken security and a 401 response: " + wrong);
    }

    // ------------------------------------------------------------------------------------------- the description

    private static Map<String, Map<String, Object>> servedPaths() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        assertFalse(paths == null || paths.isEmpty(), "no paths in the served description");
        return paths;
    }

    /** "METHOD /path/{}" for every operation, path parameter names erased. */
    private static Set<String> describedOperations(Map<String, Map<String, Object>> paths) {
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, item) -> item.keySet().stream().filter(OPERATION_KEYS::contains)
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + normalize(path))));
        return operations;
    }

    /** The keys of the source file's {@code paths:} map, read line by line (two-space indent, starting with /). */
    private static Set<String> sourcePaths() throws IOException {
        assertTrue(Files.isRegularFile(SOURCE), SOURCE.toAbsolutePath() + " not found");
        Pattern key = Pattern.compile("^  (/[^:\\s]*|'/[^']*'|\"/[^\"]*\"):\\s*(#.*)?$");
        Set<String> paths = new TreeSet<>();
        boolean inPaths = false;
        for (String line : Files.readAllLines(SOURCE, StandardCharsets.UTF_8)) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                inPaths = line.startsWith("paths:");
                continue;
            }
            Matcher matcher = key.matcher(line);
            if (inPaths && matcher.matches()) {
                paths.add(matcher.group(1).replaceAll("^['\"]|['\"]$", ""));
            }
        }
        assertFalse(paths.isEmpty(), "no paths found in " + SOURCE);
        return paths;
    }

    // ------------------------------------------------------------------------------------------------- the code

    /** "METHOD /path/{}" for every resource method of the compiled classes under io.tessera. */
    private static Set<String> codeEndpoints() throws IOException {
        Set<String> endpoints = new TreeSet<>();
        for (Class<?> resource : resourceClasses()) {
            String classPath = resource.getAnnotation(Path.class).value();
            Set<Method> methods = new LinkedHashSet<>(List.of(resource.getMethods()));
            methods.addAll(List.of(resource.getDeclaredMethods()));
            for (Method method : methods) {
                String httpMethod = httpMethod(method);
                Path methodPath = method.getAnnotation(Path.class);
                if (httpMethod == null) {
                    if (methodPath != null) {
                        fail("Sub-resource locator " + resource.getName() + "." + method.getName()
                                + " is not understood by this test; extend it");
                    }
                    continue;
                }
                String path = join(classPath, methodPath == null ? "" : methodPath.value());
                for (String expanded : expandRoots(path)) {
                    endpoints.add(httpMethod + " " + normalize(expanded));
                }
            }
        }
        assertFalse(endpoints.isEmpty(), "no JAX-RS resource methods found");
        return endpoints;
    }

    private static List<Class<?>> resourceClasses() throws IOException {
        java.nio.file.Path classes = java.nio.file.Path.of(System.getProperty("test.build.dir", "target"), "classes");
        java.nio.file.Path root = classes.resolve("io/tessera");
        assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " not found");
        ClassLoader loader = OpenApiTest.class.getClassLoader();
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String relative = classes.relativize(file).toString();
                String name = relative.substring(0, relative.length() - ".class".length())
                        .replace(file.getFileSystem().getSeparator(), ".");
                if (name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(name, false, loader);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("cannot load " + name, e);
                }
                if (type.isAnnotationPresent(Path.class)) {
                    resources.add(type);
                }
            }
        }
        assertFalse(resources.isEmpty(), "no @Path classes under " + root);
        return resources;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod designator = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null) {
                return designator.value();
            }
        }
        return null;
    }

    private static String join(String classPath, String methodPath) {
        return "/" + Stream.of(strip(classPath), strip(methodPath)).filter(part -> !part.isEmpty())
                .collect(Collectors.joining("/"));
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    /** A path under {@link CollectionScope#ROOT_TEMPLATE} stands for the same path under both DICOMweb roots. */
    private static List<String> expandRoots(String path) {
        if (!path.contains(CollectionScope.ROOT_TEMPLATE)) {
            return List.of(path);
        }
        return DICOMWEB_ROOTS.stream().map(root -> path.replace(CollectionScope.ROOT_TEMPLATE, root)).toList();
    }

    /** Erases path parameter names and regular expressions: {@code {study}} and {@code {path: .+}} become {@code {}}. */
    static String normalize(String path) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : path.toCharArray()) {
            if (c == '{') {
                if (depth++ == 0) {
                    out.append("{}");
                }
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
