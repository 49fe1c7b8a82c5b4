package org.levistream.model.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each user's most recent rated items, bounded twice: at most {@code recentItems} per user and at most
 * {@code maxUsers} users (the least recently touched user is forgotten). It yields a user-context row,
 * {@code [mean content of recent items | mean recent rating - 3.5 | recent count / recentItems]}.
 *
 * <p>Never peeking ahead: the context for an event at time t uses only items the user rated strictly before t, so a
 * rating never sees itself, a later rating, or another rating of the same instant. Events may be recorded out of
 * order (a late event is slotted in by its time); each user keeps the {@code recentItems} latest. Not thread-safe.
 */
public final class UserHistory {
    /** The rating subtracted before averaging: the middle of MovieLens' half-star scale. */
    public static final float RATING_CENTRE = 3.5f;

    private final int itemWidth;
    private final int recentItems;
    private final int maxUsers;
    private final LinkedHashMap<String, Recent> users;

    /** One user's recent items, sorted by time, oldest first. */
    private static final class Recent {
        final long[] times;
        final float[] ratings;
        final float[][] items;
        int count;

        Recent(int capacity) {
            times = new long[capacity];
            ratings = new float[capacity];
            items = new float[capacity][];
        }
    }

    /**
     * Creates an empty history.
     *
     * @param itemWidth   the width of the item rows recorded (e.g. {@link ItemContentFeaturizer#width()})
     * @param recentItems how many items per user to keep, at least 1
     * @param maxUsers    how many users to keep, at least 1
     */
    public UserHistory(int itemWidth, int recentItems, int maxUsers) {
        if (itemWidth < 1 || recentItems < 1 || maxUsers < 1) {
            throw new IllegalArgumentException("itemWidth, recentItems and maxUsers must be at least 1, were "
                    + itemWidth + ", " + recentItems + ", " + maxUsers);
        }
        this.itemWidth = itemWidth;
        this.recentItems = recentItems;
        this.maxUsers = maxUsers;
        this.users = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Recent> eldest) {
                return size() > UserHistory.this.maxUsers;
            }
        };
    }

    /**
     * Returns the context row's width.
     *
     * @return item width + 2
     */
    public int contextWidth() {
        return itemWidth + 2;
    }

    /**
     * Counts the users held.
     *
     * @return at most {@code maxUsers}
     */
    public int users() {
        return users.size();
    }

    /** Forgets every user, as a new history starts. */
    public void clear() {
        users.clear();
    }

    /**
     * Writes a user's context as of an instant; a user with no earlier item gets zeros.
     *
     * @param userId the user
     * @param at     the event's time; only items rated strictly before it count
     * @param into   the destination
     * @param offset where the {@link #contextWidth()} floats start
     * @return how many items the context averages
     */
    public int contextInto(String userId, Instant at, float[] into, int offset) {
        Arrays.fill(into, offset, offset + contextWidth(), 0f);
        Recent r = users.get(userId);
        if (r == null) {
            return 0;
        }
        long t = at.toEpochMilli();
        int used = 0;
        float ratingSum = 0;
        for (int i = 0; i < r.count && r.times[i] < t; i++) {
            float[] item = r.items[i];
            for (int d = 0; d < itemWidth; d++) {
                into[offset + d] += item[d];
            }
            ratingSum += r.ratings[i] - RATING_CENTRE;
            used++;
        }
        if (used > 0) {
            for (int d = 0; d < itemWidth; d++) {
                into[offset + d] /= used;
            }
            into[offset + itemWidth] = ratingSum / used;
            into[offset + itemWidth + 1] = (float) used / recentItems;
        }
        return used;
    }

    /**
     * Records that a user rated an item. The row is copied.
     *
     * @param userId the user
     * @param at     when
     * @param item   the item's content row, {@code itemWidth} floats from {@code offset}
     * @param offset where the row starts
     * @param rating the rating given
     */
    public void record(String userId, Instant at, float[] item, int offset, float rating) {
        Recent r = users.computeIfAbsent(userId, u -> new Recent(recentItems));
        long t = at.toEpochMilli();
        int pos = r.count;
        while (pos > 0 && r.times[pos - 1] > t) {
            pos--;
        }
        if (r.count == recentItems) {
            if (pos == 0) {
                return; // older than everything kept: it would be evicted at once
            }
            shiftLeft(r, pos);
            pos--;
        } else {
            System.arraycopy(r.times, pos, r.times, pos + 1, r.count - pos);
            System.arraycopy(r.ratings, pos, r.ratings, pos + 1, r.count - pos);
            System.arraycopy(r.items, pos, r.items, pos + 1, r.count - pos);
            r.count++;
        }
        r.times[pos] = t;
        r.ratings[pos] = rating;
        r.items[pos] = Arrays.copyOfRange(item, offset, offset + itemWidth);
    }

    /**
     * Writes the history: every user's recent items, least recently touched user first, so that
     * {@link #readFrom} rebuilds the same eviction order. A checkpoint carries it, so that whoever scores the
     * checkpoint's model (the evaluator) gives each rating the user context the trainer would.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(itemWidth);
        out.writeInt(users.size());
        for (Map.Entry<String, Recent> e : users.entrySet()) {
            Recent r = e.getValue();
            out.writeUTF(e.getKey());
            out.writeInt(r.count);
            for (int i = 0; i < r.count; i++) {
                out.writeLong(r.times[i]);
                out.writeFloat(r.ratings[i]);
                for (float v : r.items[i]) {
                    out.writeFloat(v);
                }
            }
        }
    }

    /**
     * Reads a history {@link #writeTo} wrote into this empty one.
     *
     * @param in where it was written
     * @throws IOException if the input ends early, or its rows are not this history's width
     */
    public void readFrom(DataInput in) throws IOException {
        int width = in.readInt();
        if (width != itemWidth) {
            throw new IOException("the saved history keeps rows of width " + width + " but this one " + itemWidth);
        }
        int count = in.readInt();
        for (int u = 0; u < count; u++) {
            String user = in.readUTF();
            int n = in.readInt();
            Recent r = new Recent(recentItems);
            for (int i = 0; i < n; i++) {
                long t = in.readLong();
                float rating = in.readFloat();
                float[] item = new float[itemWidth];
                for (int d = 0; d < itemWidth; d++) {
                    item[d] = in.readFloat();
                }
                if (i < recentItems) {
                    r.times[i] = t;
                    r.ratings[i] = rating;
                    r.items[i] = item;
                    r.count++;
                }
            }
            users.put(user, r);
        }
    }

    /** Drops the oldest entry, moving entries [1, pos) one place left; slot pos-1 is then free. */
    private static void shiftLeft(Recent r, int pos) {
        System.arraycopy(r.times, 1, r.times, 0, pos - 1);
        System.arraycopy(r.ratings, 1, r.ratings, 0, pos - 1);
        System.arraycopy(r.items, 1, r.items, 0, pos - 1);
    }
}
