package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What reads as "this container migrates", for check, weave and init alike. */
class MigratesTest {
    private static JsonNode container(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void theMigrationToolsOfTheFieldMigrate() throws Exception {
        for (String command : new String[]{
                "[\"kratos\", \"migrate\", \"sql\", \"-e\", \"--yes\"]",
                "[\"bundle\", \"exec\", \"rails\", \"db:migrate\"]",
                "[\"bundle\", \"exec\", \"rails\", \"db:prepare\"]",
                "[\"bin/console\", \"doctrine:migrations:migrate\", \"-n\"]",
                "[\"liquibase\", \"update\"]",
                "[\"flyway\", \"migrate\"]",
                "[\"alembic\", \"upgrade\", \"head\"]",
                "[\"python\", \"manage.py\", \"migrate\"]"}) {
            assertTrue(Migrates.command(container("{\"name\": \"m\", \"command\": " + command + "}")), command);
        }
    }

    @Test
    void servingOrWaitingForAMigrationDoesNot() throws Exception {
        assertFalse(Migrates.command(container("{\"name\": \"web\", \"command\": [\"bundle\", \"exec\", \"puma\"]}")));
        assertFalse(Migrates.command(container("{\"name\": \"wait\", \"command\": [\"kubectl\", \"wait\","
                + " \"--for=condition=complete\", \"job/rel-migrate\"]}")));
        // the image alone says nothing: the migrate/migrate image also serves other commands
        assertFalse(Migrates.command(container("{\"name\": \"m\", \"image\": \"migrate/migrate\", \"command\": [\"sleep\", \"1\"]}")));
    }
}
