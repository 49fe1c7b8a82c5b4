package org.levistream.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP plumbing on a real JDK server, with stand-in routes instead of a registry. */
@Timeout(20)
class RestApiTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", new RestApi(List.of(
                new RestApi.Route("GET", "subjects/{subject}/versions", call -> List.of(call.path("subject"))),
                new RestApi.Route("POST", "echo", call -> call.json()),
                new RestApi.Route("GET", "flags", call -> Map.of("deleted", call.flag("deleted"))),
                new RestApi.Route("GET", "fails", call -> {
                    throw RegistryException.subjectNotFound("x");
                }))));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void decodesEachPathSegmentOnItsOwn() throws Exception {
        var reply = send(HttpRequest.newBuilder(URI.create(base + "/subjects/a%2Fb+c%20d/versions/")).GET());

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("[\"a/b+c d\"]");
    }

    @Test
    void answersInConfluentsVersionedTypeUnlessOnlyPlainJsonIsAccepted() throws Exception {
        var any = send(HttpRequest.newBuilder(URI.create(base + "/flags?deleted=true")).GET());
        var plain = send(HttpRequest.newBuilder(URI.create(base + "/flags"))
                .header("Accept", "application/json").GET());

        assertThat(any.headers().firstValue("Content-Type")).hasValue(RestApi.V1_JSON);
        assertThat(any.body()).isEqualTo("{\"deleted\":true}");
        assertThat(plain.headers().firstValue("Content-Type")).hasValue(RestApi.JSON);
    }

    @Test
    void picksTheMostPreferredAcceptableType() {
        assertThat(RestApi.responseType("application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json,"
                + " application/json")).isEqualTo(RestApi.V1_JSON);
        assertThat(RestApi.responseType("application/json;q=0.9, application/vnd.schemaregistry+json"))
                .isEqualTo(RestApi.DEFAULT_JSON);
        assertThat(RestApi.responseType(null)).isEqualTo(RestApi.V1_JSON);
    }

    @Test
    void writesErrorsAsConfluentsErrorBody() throws Exception {
        var reply = send(HttpRequest.newBuilder(URI.create(base + "/fails")).GET());

        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo("{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");
    }

    @Test
    void answersHttpErrorsForUnknownPathsMethodsAndMediaTypes() throws Exception {
        var unknown = send(HttpRequest.newBuilder(URI.create(base + "/nowhere")).GET());
        var wrongMethod = send(HttpRequest.newBuilder(URI.create(base + "/echo")).GET());
        var wrongBody = send(HttpRequest.newBuilder(URI.create(base + "/echo")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        var unacceptable = send(HttpRequest.newBuilder(URI.create(base + "/flags"))
                .header("Accept", "text/html").GET());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongBody.statusCode()).isEqualTo(415);
        assertThat(unacceptable.statusCode()).isEqualTo(406);
    }

    @Test
    void acceptsConfluentsRequestTypesAndRefusesMalformedJson() throws Exception {
        var ok = send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
        var malformed = send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"a\":")));

        assertThat(ok.body()).isEqualTo("{\"a\":1}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"error_code\":400");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
