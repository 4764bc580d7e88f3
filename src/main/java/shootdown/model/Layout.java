package shootdown.model;

/** A boot state a model's machine can start from, as {@code --layout} names it. */
public record Layout(String name, String description) {
}
