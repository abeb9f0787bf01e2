package io.hecate.drills.lab;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The CRUD mock server with pod eviction answered like a real API server. Plain CRUD mode takes
 * {@code POST .../pods/<p>/eviction} for the creation of a pod named after the eviction and answers 409 for
 * every pod; here the eviction deletes the pod (201), a missing pod is 404, and a pod under the lab's
 * {@link LabFaults#evictionRefused PodDisruptionBudget fault} is refused with 429, as kubectl drain sees it.
 * A PATCH under the {@link LabFaults#patchFails(String, int) failing-PATCH fault} answers 503, as an overloaded API server.
 */
final class EvictingDispatcher extends KubernetesCrudDispatcher {

    private static final Pattern EVICTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(?:\\?.*)?$");

    private final Lab lab;

    EvictingDispatcher(Lab lab, List<CustomResourceDefinitionContext> crds) {
        super(crds);
        this.lab = lab;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath().replaceFirst("\\?.*$", "");
        if (request.method() == HttpMethod.PATCH && lab.faults().patchFails(path)) {
            lab.record("api", "PATCH " + path + " answered 503 (fault)");
            return status(503, "Failure", "ServiceUnavailable", "the server is currently unable to handle the request");
        }
        Matcher eviction = EVICTION.matcher(request.getPath());
        if (request.method() == HttpMethod.POST && eviction.matches()) {
            return evict(eviction.group(1), eviction.group(2));
        }
        return super.dispatch(request);
    }

    private MockResponse evict(String namespace, String pod) {
        String id = namespace + "/" + pod;
        if (lab.faults().evictionRefused(id)) {
            lab.record("api", "eviction of pod " + id + " refused: PodDisruptionBudget");
            return status(429, "Failure", "TooManyRequests",
                    "Cannot evict pod as it would violate the pod's disruption budget.");
        }
        MockResponse deleted = handleDelete("/api/v1/namespaces/" + namespace + "/pods/" + pod);
        if (deleted.code() == 404) {
            return status(404, "Failure", "NotFound", "pods \"" + pod + "\" not found");
        }
        if (deleted.code() >= 300) {
            return deleted;
        }
        lab.record("api", "pod " + id + " evicted");
        return status(201, "Success", null, null);
    }

    private static MockResponse status(int code, String status, String reason, String message) {
        StringBuilder body = new StringBuilder("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"")
                .append(status).append('"');
        if (reason != null) {
            body.append(",\"reason\":\"").append(reason).append("\",\"message\":\"").append(message.replace("\"", "\\\""))
                    .append('"');
        }
        body.append(",\"code\":").append(code).append('}');
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body.toString());
    }
}
