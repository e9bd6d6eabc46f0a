#pragma once
// Action label segments on the session clock, grouped in named tracks with a vocabulary
// (default: the paper's seven actions). Tracks carry display properties (hidden, locked, per-label
// colour and hotkey) and a source ("manual", or "model" for proposals, which are never ground truth).
// Errors: the edit functions throw Error naming the times (in seconds), the label and the
// neighbouring segment, and leave the track unchanged; reading reports bad contents as warnings
// naming the track, segment and field. Format: docs/SESSION_FORMAT.md (labels.json), docs/LABELS.md.
#include "insolepose/Time.h"

#include <QJsonObject>
#include <QJsonValue>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace insolepose {

/// The paper's seven actions, in the order of its tables.
const std::vector<std::string>& defaultActionVocabulary();

/// The source of a track whose segments a person drew (the default).
inline constexpr const char* kManualSource = "manual";
/// The source of a track proposed by a model: never used as ground truth.
inline constexpr const char* kModelSource = "model";

struct LabelSegment {
    TimeNs start_ns = 0; ///< Inclusive.
    TimeNs end_ns = 0; ///< Exclusive.
    std::string label;
    std::string annotator;
    std::string note;
    /// Set for segments proposed by a model (0..1); saved as "confidence".
    std::optional<double> confidence = std::nullopt;
    friend bool operator==(const LabelSegment&, const LabelSegment&) = default;
};

/// How one label of a track's vocabulary is shown; saved in labels.json.
struct LabelStyle {
    std::string colour; ///< "#rrggbb"; empty = the default palette colour.
    std::string hotkey; ///< One key, e.g. "1" or "w"; empty = none.
    friend bool operator==(const LabelStyle&, const LabelStyle&) = default;
};

/// The default colour of the i-th label of a vocabulary ("#rrggbb", a fixed palette that repeats).
std::string defaultLabelColour(std::size_t index);

/// Formats a session time in seconds for messages ("12.345 s").
std::string formatSeconds(TimeNs t_ns);

class LabelTrack {
public:
    explicit LabelTrack(std::string name = "actions", std::vector<std::string> vocabulary = defaultActionVocabulary());

    const std::string& name() const { return m_name; }
    void setName(std::string name) { m_name = std::move(name); }
    const std::vector<std::string>& vocabulary() const { return m_vocabulary; }
    const std::vector<LabelSegment>& segments() const { return m_segments; }
    bool hasLabel(const std::string& label) const;

    bool hidden() const { return m_hidden; }
    void setHidden(bool hidden) { m_hidden = hidden; }
    /// A locked track refuses every segment edit (insert, replace, take, split, merge) and vocabulary
    /// change; its name, visibility, styles and lock can still be set.
    bool locked() const { return m_locked; }
    void setLocked(bool locked) { m_locked = locked; }
    /// kManualSource (default) or kModelSource.
    const std::string& source() const { return m_source; }
    void setSource(std::string source) { m_source = std::move(source); }
    bool isModelProposed() const { return m_source == kModelSource; }

    /// The label's style with defaults filled in: an empty colour becomes the palette colour of the
    /// label's vocabulary index; a label without a stored style gets the hotkey "1".."9" by vocabulary
    /// order (unless another label stores that key). A stored style keeps its hotkey (empty = none).
    LabelStyle style(const std::string& label) const;
    /// Stores a label's style. Throws Error when the label is not in the vocabulary, the colour is not
    /// "#rrggbb" or the hotkey is longer than one character.
    void setStyle(const std::string& label, LabelStyle style);
    /// The styles stored for this track (no defaults filled in).
    const std::map<std::string, LabelStyle>& storedStyles() const { return m_styles; }

    /// Replaces the vocabulary (its order is the display and hotkey order). Throws Error naming the
    /// label when a label used by a segment would be removed, or when the track is locked.
    void setVocabulary(std::vector<std::string> vocabulary);

    /// Adds a segment, kept sorted by start, without the overlap check (for readers: files may hold
    /// overlapping segments). Throws Error when end <= start or the label is not in the vocabulary.
    void add(LabelSegment segment);
    bool removeAt(std::size_t index);
    /// The segment covering t, if any (the latest-starting one when segments overlap).
    const LabelSegment* at(TimeNs t_ns) const;
    void addToVocabulary(const std::string& label);

    // Edits. Each validates and throws Error with a message naming what is wrong and leaves the
    // track unchanged on failure. No two segments may overlap after an edit (touching at a boundary
    // is fine). Segments stay sorted by start. A locked track refuses every edit.

    /// Inserts a segment; returns its index.
    std::size_t insert(LabelSegment segment);
    /// Moves / resizes / renames / re-notes the segment at index; returns its new index.
    std::size_t replace(std::size_t index, LabelSegment segment);
    /// Deletes the segment at index and returns it.
    LabelSegment take(std::size_t index);
    /// Splits the segment at index into [start, at) and [at, end) (start < at < end); returns the
    /// index of the second part.
    std::size_t split(std::size_t index, TimeNs at_ns);
    /// Joins the segment at index with the next one: one segment from index's start to the next's
    /// end, with index's label, annotator and note (notes of both joined by "; " when they differ).
    void mergeWithNext(std::size_t index);
    /// The segment covering t (the latest-starting one when segments overlap).
    std::optional<std::size_t> indexAt(TimeNs t_ns) const;
    /// The free interval around t (between the neighbouring segments, or the given session bounds):
    /// used to clamp drags so that they never overlap. `ignore` = a segment index to leave out (the
    /// one being dragged). When t lies inside a segment that is not ignored, the interval is {t, t}.
    std::pair<TimeNs, TimeNs> freeRange(TimeNs t_ns, TimeNs sessionStart_ns, TimeNs sessionEnd_ns,
                                        std::optional<std::size_t> ignore = std::nullopt) const;
    /// Overlapping pairs (i < j) in the track as read (old files may have them): reported, never
    /// silently removed.
    std::vector<std::pair<std::size_t, std::size_t>> overlaps() const;

    QJsonObject toJson() const;
    /// Segments of the file that could not be read (wrong types, end <= start), kept verbatim:
    /// toJson() writes them back so that saving never deletes them.
    const std::vector<QJsonValue>& unreadableSegments() const { return m_unreadable; }

    /// Reads a track; never throws for bad contents. Labels missing from the vocabulary are added
    /// to it (nothing labelled is dropped); fields of the wrong type and segments that cannot be
    /// read (each named by track, index and field) are reported in `warnings`, and the rest is kept.
    /// Files written before the track properties existed read with their defaults.
    static LabelTrack fromJson(const QJsonObject& json, std::vector<std::string>* warnings);

    friend bool operator==(const LabelTrack&, const LabelTrack&) = default;

private:
    void requireEditable() const;
    /// Throws unless the segment is valid and overlaps no segment of the track other than `ignoreA`/`ignoreB`.
    void validate(const LabelSegment& segment, std::optional<std::size_t> ignoreA,
                  std::optional<std::size_t> ignoreB = std::nullopt) const;
    const LabelSegment& segmentAt(std::size_t index, const char* what) const;
    std::size_t insertSorted(LabelSegment segment);
    void readProperties(const QJsonObject& json, const std::string& where, std::vector<std::string>* warnings);

    std::string m_name;
    std::vector<std::string> m_vocabulary;
    std::vector<LabelSegment> m_segments;
    bool m_hidden = false;
    bool m_locked = false;
    std::string m_source = kManualSource;
    std::map<std::string, LabelStyle> m_styles;
    std::vector<QJsonValue> m_unreadable;
    /// The file's "segments" field was not an array: it is m_unreadable's first entry, written back
    /// in its place as it was.
    bool m_segmentsFieldUnreadable = false;
};

/// The tracks that count as ground truth: those whose source is not kModelSource.
std::vector<const LabelTrack*> groundTruthTracks(const std::vector<LabelTrack>& tracks);
/// The labels the ground-truth tracks (groundTruthTracks) of several track lists use: the paper's
/// actions in its order, then any others in the order they are first met.
std::vector<std::string> labelsInUse(const std::vector<const std::vector<LabelTrack>*>& trackLists);

} // namespace insolepose
