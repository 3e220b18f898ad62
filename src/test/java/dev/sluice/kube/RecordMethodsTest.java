package dev.sluice.kube;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Records whose equals and hashCode are written out (to spare a render their linkage) behave as a record's own. */
class RecordMethodsTest {
    /** The record sluice would have without the written-out methods. */
    private record Plain(String kind, String name, String field) {
    }

    @Test
    void neededComparesAndHashesAsARecord() {
        List<String> words = new ArrayList<>(List.of("Secret", "ConfigMap", "a", "b", "", "spec.volumes[0]"));
        words.add(null);
        for (String k1 : words) {
            for (String n1 : words) {
                for (String f1 : List.of("x", "y")) {
                    Needed a = new Needed(k1, n1, f1);
                    assertEquals(a, new Needed(k1, n1, f1));
                    assertEquals(a.hashCode(), new Needed(k1, n1, f1).hashCode());
                    for (String k2 : words) {
                        for (String n2 : words) {
                            for (String f2 : List.of("x", "y")) {
                                boolean same = new Plain(k1, n1, f1).equals(new Plain(k2, n2, f2));
                                assertEquals(same, a.equals(new Needed(k2, n2, f2)), k1 + n1 + f1 + " / " + k2 + n2 + f2);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(false, new Needed("a", "b", "c").equals(null));
        assertEquals(false, new Needed("a", "b", "c").equals("a"));
    }
}
