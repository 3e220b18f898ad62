package dev.sluice.plan;

import java.util.regex.Pattern;

/**
 * A container image reference as the kubelet reads it (the distribution reference grammar:
 * {@code [registry[:port]/]path[:tag][@digest]}, path in lower case). An image the kubelet cannot
 * parse never starts (InvalidImageName), so sluice refuses it before anything is applied.
 */
public final class ImageReference {
    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*"
            + "(?::" + TAG + ")?(?:@" + DIGEST + ")?");
    static final int MAX_NAME = 255;
    /** End of the text in JSON Schema patterns: a Java "$" also matches before a final line break. */
    static final String END = "(?![\\s\\S])$";

    private ImageReference() {
    }

    /** Why the kubelet would refuse this image, or null when it is a valid reference. */
    public static String problem(String image) {
        if (image.isEmpty()) {
            return "is empty";
        }
        if (image.isBlank()) {
            return "is blank";
        }
        for (int i = 0; i < image.length(); i++) {
            char c = image.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "holds " + (c == '\n' ? "a line break" : c == ' ' ? "a space" : String.format("the character U+%04X", (int) c))
                        + " at position " + (i + 1) + ": an image is one word";
            }
        }
        if (!REFERENCE.matcher(image).matches()) {
            return "is not an image reference ([registry/]path[:tag][@digest], path in lower case)";
        }
        int at = image.indexOf('@');
        String beforeDigest = at < 0 ? image : image.substring(0, at);
        int colon = beforeDigest.lastIndexOf(':');
        String repository = colon > beforeDigest.lastIndexOf('/') ? beforeDigest.substring(0, colon) : beforeDigest;
        if (repository.length() > MAX_NAME) {
            return "has a repository name longer than " + MAX_NAME + " characters";
        }
        return null;
    }

    /** The grammar in one line, for the JSON Schema. */
    public static String pattern() {
        return "^" + REFERENCE.pattern() + END;
    }
}
