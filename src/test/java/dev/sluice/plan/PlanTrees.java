package dev.sluice.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.kube.Keys;
import dev.sluice.stream.Document;
import dev.sluice.stream.KubectlScalars;
import dev.sluice.stream.StreamReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Plan trees for the tests of {@link RecordBinder} against Jackson: valid ones drawn from every field of every
 * record (by reflection, so a new field is drawn too), the same broken by random edits, the plan trees of the
 * repository's plan files, and a comparison of two bound records that also holds their classes equal.
 */
public final class PlanTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TEXTS = {"app", "registry.example.com/app:1.2.3", "", "1.10", "0755", "on", "null", "~",
        "a b", "bin/console", "--no-interaction", "ünï €", "app.kubernetes.io/name", "x\ny", "25%", "12:30"};
    private static final String[] KEYS = {"app", "app.kubernetes.io/name", "tier", "sluice.dev/plan", "x", "helm.sh/chart"};
    private static final String[] UNKNOWN = {"nmae", "Name", "gate", "wiat", "extra", "targets ", "apiversion", "x-y", ""};
    private static final String[] WORD_SLIPS = {"Rolling", "ROLLING", "scale_down", "scaleDown", "SCALE_DOWN", " delete", "delete ",
        "", "rolling\n", "roll"};

    private PlanTrees() {
    }

    /** A valid tree of {@code type}: required fields always, optional ones often, values as the field's type reads them. */
    public static ObjectNode valid(Class<?> type, Random random) {
        return (ObjectNode) value(type, "", random, 0);
    }

    private static JsonNode value(Type type, String field, Random random, int depth) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            return TextNode.valueOf(text(field, random));
        }
        if (raw == Integer.class) {
            return random.nextInt(4) == 0 ? KubectlScalars.plain(pick(random, "0", "1", "0755", "0x1F", "-3", "1_000"))
                    : IntNode.valueOf(pick(random, 0, 1, 30, 900, -10, Integer.MAX_VALUE, Integer.MIN_VALUE, random.nextInt()));
        }
        if (raw == Long.class) {
            return switch (random.nextInt(3)) {
                case 0 -> IntNode.valueOf(random.nextInt());
                case 1 -> LongNode.valueOf(pick(random, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, random.nextLong()));
                default -> KubectlScalars.plain(pick(random, "900", "4294967296", "-1"));
            };
        }
        if (raw == Strategy.class) {
            return TextNode.valueOf(Strategy.values()[random.nextInt(Strategy.values().length)].word());
        }
        if (raw == JsonNode.class) {
            return node(field, random, depth);
        }
        if (raw == List.class) {
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            ArrayNode list = NODES.arrayNode();
            for (int i = random.nextInt(depth > 2 ? 2 : 4); i > 0; i--) {
                list.add(item == JsonNode.class ? node(field, random, depth + 1) : value(item, field, random, depth + 1));
            }
            return list;
        }
        if (raw == Map.class) {
            ObjectNode map = NODES.objectNode();
            for (int i = random.nextInt(4); i > 0; i--) {
                map.set(KEYS[random.nextInt(KEYS.length)] + (random.nextBoolean() ? "" : i), TextNode.valueOf(text("", random)));
            }
            return map;
        }
        if (raw.isRecord()) {
            ObjectNode object = NODES.objectNode();
            for (RecordComponent c : raw.getRecordComponents()) {
                JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
                boolean required = property != null && property.required();
                if (required || random.nextInt(10) < 6) {
                    String name = property != null && !property.value().isEmpty() ? property.value() : c.getName();
                    object.set(name, value(c.getGenericType(), name, random, depth + 1));
                }
            }
            if (raw == MigrationPlan.class) {
                object.put("apiVersion", Keys.API_VERSION).put("kind", MigrationPlan.KIND);
            }
            return object;
        }
        throw new IllegalArgumentException("no values drawn for " + type);
    }

    private static String text(String field, Random random) {
        return random.nextInt(3) == 0 ? field + random.nextInt(100) : TEXTS[random.nextInt(TEXTS.length)];
    }

    /** The value of a JsonNode field, shaped as its field holds it in a plan (env, resources, maxSurge ...). */
    private static JsonNode node(String field, Random random, int depth) {
        return switch (field) {
            case "env" -> random.nextBoolean()
                    ? NODES.objectNode().put("name", "LOG_LEVEL").put("value", text("", random))
                    : NODES.objectNode().put("name", "DB_PASSWORD").set("valueFrom", NODES.objectNode().set("secretKeyRef",
                    NODES.objectNode().put("name", "db").put("key", "password")));
            case "resources" -> {
                ObjectNode r = NODES.objectNode();
                r.set("requests", NODES.objectNode().put("cpu", "100m").put("memory", "256Mi"));
                if (random.nextBoolean()) {
                    r.set("limits", NODES.objectNode().set("cpu", KubectlScalars.plain(pick(random, "1", "0.5", "0.50", "2"))));
                }
                yield r;
            }
            case "maxSurge" -> random.nextBoolean() ? TextNode.valueOf(pick(random, "25%", "100%", "1"))
                    : random.nextBoolean() ? IntNode.valueOf(1 + random.nextInt(5)) : KubectlScalars.plain("2");
            case "tolerations" -> NODES.objectNode().put("key", "dedicated").put("operator", "Exists").put("effect", "NoSchedule")
                    .set("tolerationSeconds", KubectlScalars.plain("300"));
            case "topologySpreadConstraints" -> NODES.objectNode().put("maxSkew", 1).put("topologyKey", "kubernetes.io/hostname")
                    .put("whenUnsatisfiable", "DoNotSchedule").set("labelSelector", NODES.objectNode().set("matchLabels",
                    NODES.objectNode().put("app", "api")));
            default -> any(random, depth);
        };
    }

    /** Any tree of the kinds a plan file reads to: maps, lists, text, whole numbers, floats, booleans (some as written). */
    private static JsonNode any(Random random, int depth) {
        switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> {
                return TextNode.valueOf(text("", random));
            }
            case 1 -> {
                return KubectlScalars.plain(pick(random, "1", "1.5", "true", "on", "0.50", "4294967296", "-0", "1e3", "yes", "0o17"));
            }
            case 2 -> {
                return IntNode.valueOf(random.nextInt());
            }
            case 3 -> {
                return BooleanNode.valueOf(random.nextBoolean());
            }
            case 4 -> {
                return DoubleNode.valueOf(random.nextDouble() * 100);
            }
            case 5 -> {
                return LongNode.valueOf(random.nextLong());
            }
            case 6 -> {
                ObjectNode o = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.set(KEYS[random.nextInt(KEYS.length)] + i, any(random, depth + 1));
                }
                return o;
            }
            default -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(any(random, depth + 1));
                }
                return a;
            }
        }
    }

    /** A copy of {@code tree} broken (or not) by {@code edits} random edits, each at a random place. */
    public static JsonNode mutate(JsonNode tree, Random random, int edits) {
        JsonNode root = tree.deepCopy();
        for (int e = 0; e < edits; e++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode at = containers.get(random.nextInt(containers.size()));
            if (at instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.isEmpty() || random.nextInt(6) == 0 ? UNKNOWN[random.nextInt(UNKNOWN.length)]
                        : names.get(random.nextInt(names.size()));
                switch (random.nextInt(6)) {
                    case 0 -> object.remove(name);
                    case 1 -> object.set(UNKNOWN[random.nextInt(UNKNOWN.length)], wrong(object.get(name), random));
                    default -> object.set(name, wrong(object.get(name), random));
                }
            } else if (at instanceof ArrayNode array) {
                int i = array.isEmpty() ? 0 : random.nextInt(array.size());
                switch (random.nextInt(3)) {
                    case 0 -> array.insert(i, wrong(array.isEmpty() ? null : array.get(i), random));
                    case 1 -> {
                        if (!array.isEmpty()) {
                            array.set(i, wrong(array.get(i), random));
                        }
                    }
                    default -> {
                        if (!array.isEmpty()) {
                            array.remove(i);
                        }
                    }
                }
            }
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    /** A value in place of {@code was} (null when there was none): null, another type, an edge of a range, a near word. */
    private static JsonNode wrong(JsonNode was, Random random) {
        switch (random.nextInt(24)) {
            case 0 -> {
                return NullNode.instance;
            }
            case 1 -> {
                return TextNode.valueOf("");
            }
            case 2 -> {
                return TextNode.valueOf(was != null && was.isValueNode() ? was.asText() : "5");
            }
            case 3 -> {
                return IntNode.valueOf(pick(random, 0, 5, -1, Integer.MAX_VALUE));
            }
            case 4 -> {
                return LongNode.valueOf(pick(random, 5L, 1L << 33, Long.MAX_VALUE, -(1L << 40)));
            }
            case 5 -> {
                return BigIntegerNode.valueOf(pick(random, BigInteger.ONE.shiftLeft(70), BigInteger.TEN));
            }
            case 6 -> {
                return DoubleNode.valueOf(pick(random, 1.0, 1.5, 0.0, -0.0, 1e20, 3.0));
            }
            case 7 -> {
                return DecimalNode.valueOf(pick(random, new BigDecimal("1.0"), new BigDecimal("2"), new BigDecimal("1.50")));
            }
            case 8 -> {
                return FloatNode.valueOf(pick(random, 1.0f, 2.5f));
            }
            case 9 -> {
                return ShortNode.valueOf((short) 3);
            }
            case 10 -> {
                return BooleanNode.valueOf(random.nextBoolean());
            }
            case 11 -> {
                return KubectlScalars.plain(pick(random, "1", "1.0", "on", "0755", "4294967296", "18446744073709551615", "1e3",
                        "yes", "0.5", "-1"));
            }
            case 12 -> {
                return NODES.objectNode();
            }
            case 13 -> {
                return NODES.arrayNode();
            }
            case 14 -> {
                return NODES.arrayNode().add(was == null || was.isContainerNode() ? TextNode.valueOf("x") : was.deepCopy());
            }
            case 15 -> {
                return NODES.objectNode().set(KEYS[random.nextInt(KEYS.length)], was == null ? TextNode.valueOf("x") : was.deepCopy());
            }
            case 16 -> {
                return TextNode.valueOf(WORD_SLIPS[random.nextInt(WORD_SLIPS.length)]);
            }
            case 17 -> {
                return TextNode.valueOf(Strategy.values()[random.nextInt(Strategy.values().length)].word());
            }
            case 18 -> {
                return BinaryNode.valueOf(new byte[]{1, 2});
            }
            case 19 -> {
                return was != null && was.isArray() ? NODES.arrayNode().add(NullNode.instance) : NODES.objectNode().putNull("x");
            }
            case 20 -> {
                return any(random, 2);
            }
            case 21 -> {
                // a valid value of some other record where this one was
                Class<?>[] records = MigrationPlan.class.getDeclaredClasses();
                Class<?> other = records[random.nextInt(records.length)];
                return other.isRecord() ? valid(other, random) : TextNode.valueOf("x");
            }
            default -> {
                return was == null ? TextNode.valueOf("x") : was.deepCopy();
            }
        }
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** A tree found in the repository's YAML files, and where. */
    public record Found(String where, JsonNode tree) {
    }

    /**
     * The trees in the repository's YAML files (testdata, the example chart, and the real charts' plans of
     * /work/shared when present) that {@code wanted} picks: each document, and a ResourceList's functionConfig.
     */
    public static List<Found> inFiles(Predicate<Path> file, Predicate<JsonNode> wanted) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Path.of("testdata"))) {
            walk.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(Path.of("charts-example/sluice.yaml"));
        Path real = Path.of("/work/shared/real-charts");
        if (Files.isDirectory(real)) {
            try (DirectoryStream<Path> charts = Files.newDirectoryStream(real)) {
                for (Path chart : charts) {
                    try (DirectoryStream<Path> plans = Files.newDirectoryStream(chart, "plan*.yaml")) {
                        plans.forEach(files::add);
                    } catch (IOException e) {
                        // not a chart's folder
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Found> found = new ArrayList<>();
        for (Path path : files) {
            if (!file.test(path)) {
                continue;
            }
            List<Document> docs;
            try {
                docs = StreamReader.read(Files.readAllBytes(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                continue; // a case of a broken stream
            }
            for (Document doc : docs) {
                JsonNode tree;
                try {
                    tree = doc.tree().orElse(null);
                } catch (RuntimeException e) {
                    continue;
                }
                if (tree == null) {
                    continue;
                }
                if (wanted.test(tree)) {
                    found.add(new Found(path + ", " + doc.describe(), tree));
                }
                if (tree.path("functionConfig").isObject() && wanted.test(tree.get("functionConfig"))) {
                    found.add(new Found(path + ", " + doc.describe() + ", functionConfig", tree.get("functionConfig")));
                }
            }
        }
        return found;
    }

    /**
     * Where two bound values differ (null if nowhere): records field by field, lists and maps item by item in
     * order, trees node by node; every value of the same class on both sides (ArrayList, LinkedHashMap, IntNode ...).
     */
    public static String difference(Object a, Object b, String at) {
        if (a == null || b == null) {
            return a == b ? null : at + ": " + a + " against " + b;
        }
        if (a.getClass() != b.getClass()) {
            return at + ": " + a.getClass().getName() + " " + a + " against " + b.getClass().getName() + " " + b;
        }
        if (a instanceof Record) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                try {
                    String d = difference(c.getAccessor().invoke(a), c.getAccessor().invoke(b), at + "." + c.getName());
                    if (d != null) {
                        return d;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        }
        if (a instanceof List<?> x) {
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return at + ": " + x.size() + " items against " + y.size();
            }
            for (int i = 0; i < x.size(); i++) {
                String d = difference(x.get(i), y.get(i), at + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a instanceof Map<?, ?> x) {
            Map<?, ?> y = (Map<?, ?>) b;
            if (!List.copyOf(x.keySet()).equals(List.copyOf(y.keySet()))) {
                return at + ": keys " + x.keySet() + " against " + y.keySet();
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                String d = difference(e.getValue(), y.get(e.getKey()), at + "." + e.getKey());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a instanceof JsonNode x && x.isContainerNode()) {
            JsonNode y = (JsonNode) b;
            if (x.size() != y.size()) {
                return at + ": " + x + " against " + y;
            }
            if (x.isObject()) {
                Iterator<String> xs = x.fieldNames();
                Iterator<String> ys = y.fieldNames();
                while (xs.hasNext()) {
                    String name = xs.next();
                    if (!name.equals(ys.next())) {
                        return at + ": " + x + " against " + y;
                    }
                    String d = difference(x.get(name), y.get(name), at + "." + name);
                    if (d != null) {
                        return d;
                    }
                }
                return null;
            }
            for (int i = 0; i < x.size(); i++) {
                String d = difference(x.get(i), y.get(i), at + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return Objects.equals(a, b) ? null : at + ": " + a + " against " + b;
    }
}
