package dev.sluice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict typed-model check must be able to fail: unknown fields and wrong types. */
class StrictModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode job() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"m"},
                 "spec":{"backoffLimit":0,"template":{"spec":{"restartPolicy":"Never",
                   "containers":[{"name":"c","image":"i","securityContext":{"runAsNonRoot":true}}]}}}}""");
    }

    @Test
    void aValidJobParses() throws Exception {
        assertDoesNotThrow(() -> StrictModel.parse(job()));
    }

    @Test
    void anUnknownNestedFieldFails() throws Exception {
        ObjectNode job = job();
        ((ObjectNode) job.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        AssertionError e = assertThrows(AssertionError.class, () -> StrictModel.parse(job));
        assertTrue(e.getMessage().contains("imagePullPolicyy"), e.getMessage());
    }

    @Test
    void aWrongTypeFails() throws Exception {
        ObjectNode job = job();
        ((ObjectNode) job.at("/spec")).put("backoffLimit", "zero");
        assertThrows(AssertionError.class, () -> StrictModel.parse(job));
    }
}
