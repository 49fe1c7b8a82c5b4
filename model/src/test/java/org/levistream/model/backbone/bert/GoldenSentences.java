package org.levistream.model.backbone.bert;

import java.util.List;

/** Fifty sentences for the golden comparison: short and long, punctuation, numbers, accents, a non-Latin script. */
final class GoldenSentences {
    private GoldenSentences() {}

    static final List<String> ALL = List.of(
            "Hello, world!",
            "The quick brown fox jumps over the lazy dog.",
            "A man is playing a guitar.",
            "Toy Story (1995) is an animated adventure comedy about toys that come to life.",
            "I loved this movie, the soundtrack was amazing and the actors were great.",
            "Terrible. Fell asleep halfway through.",
            "Horror|Thriller",
            "Animation|Children|Comedy|Fantasy",
            "The evaluator scores every held-out topic with every new model version.",
            "Kafka keeps the records; the trainer reads them with read_committed isolation.",
            "What is the capital of France?",
            "Paris is the capital and most populous city of France.",
            "These cookies are stale and overpriced; I will not buy them again.",
            "Great coffee, strong and smooth, arrived quickly.",
            "My dog loves these treats!!!",
            "1234567890",
            "The price went up by 15% in 2016, from $3.99 to $4.59.",
            "Café au lait, crème brûlée and naïve résumés.",
            "東京は日本の首都です。",
            "Ein Mann spielt Gitarre.",
            "unaffable antidisestablishmentarianism",
            "e-mail me at someone@example.com or visit https://example.org/page?id=3",
            "Star Wars: Episode IV - A New Hope (1977)",
            "Schindler's List",
            "Don't stop believin'!",
            "She said: \"I'll be there at 5 o'clock.\"",
            "A",
            "",
            "   leading and trailing spaces   ",
            "MIXED case TEXT With Odd CaPiTaLs",
            "Neural networks learn representations layer by layer.",
            "Fine-tuning a frozen backbone with adapters keeps its general features.",
            "Out-of-distribution data reveals what a model did not learn.",
            "The cat sat on the mat. The dog sat on the log. Everyone was happy.",
            "Sci-Fi|IMAX",
            "Documentary",
            "The Shawshank Redemption is about hope, friendship and patience in a brutal prison.",
            "Worst purchase ever, the package arrived damaged and the chips were crushed.",
            "Highly recommend for anyone who likes dark chocolate with sea salt.",
            "Tea leaves, green, organic, 100 bags",
            "How do I reset my password?",
            "Click 'Forgot password' on the sign-in page and follow the e-mail's link.",
            "Tabs\tand\nnew lines\r\nare whitespace too.",
            "Emoji are unknown to this vocabulary 😀 👍",
            "The mitochondria is the powerhouse of the cell.",
            "Rain is expected tomorrow afternoon, with clearing skies by evening.",
            "He scored 3 goals in the final 10 minutes of the match.",
            "Streams of events are replayed to compare two training settings version by version.",
            "Repeat repeat repeat repeat repeat repeat repeat repeat repeat repeat repeat repeat repeat repeat.",
            "In the beginning the Universe was created. This has made a lot of people very angry and been widely "
                    + "regarded as a bad move. Many were increasingly of the opinion that they'd all made a big "
                    + "mistake in coming down from the trees in the first place.");
}
