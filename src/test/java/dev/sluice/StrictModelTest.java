package dev.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict typed-model checks must be able to fail: unknown fields, wrong types, fields out of the model's order. */
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

    @Test
    void aPartWrittenInTheModelsOrderPasses() throws Exception {
        JsonNode c = JSON.readTree("""
                {"name":"c","command":["sh"],"image":"i","resources":{"requests":{"cpu":"10m","memory":"48Mi"}}}""");
        assertDoesNotThrow(() -> StrictModel.writtenAsModel(c, Container.class, "c"));
    }

    @Test
    void aPartOutOfTheModelsOrderFails() throws Exception {
        JsonNode fieldOrder = JSON.readTree("""
                {"name":"c","image":"i","command":["sh"]}""");
        assertThrows(AssertionError.class, () -> StrictModel.writtenAsModel(fieldOrder, Container.class, "c"));
        JsonNode mapOrder = JSON.readTree("""
                {"name":"c","resources":{"requests":{"memory":"48Mi","cpu":"10m"}}}""");
        assertThrows(AssertionError.class, () -> StrictModel.writtenAsModel(mapOrder, Container.class, "c"));
        JsonNode nameLast = JSON.readTree("""
                {"image":"i","name":"c"}""");
        assertThrows(AssertionError.class, () -> StrictModel.writtenAsModel(nameLast, Container.class, "c"));
    }

    @Test
    void aJobRoundTripsThroughTheModel() throws Exception {
        assertDoesNotThrow(() -> StrictModel.roundTrips(job()));
    }
}
