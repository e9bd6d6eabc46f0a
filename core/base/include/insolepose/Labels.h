#pragma once
// Action label segments on the session clock, grouped in named tracks with a vocabulary
// (default: the paper's seven actions). Errors: Error from add(); reading reports bad segments
// as warnings naming the track, segment and field.
#include "insolepose/Time.h"

#include <QJsonObject>
#include <QJsonValue>

#include <string>
#include <vector>

namespace insolepose {

/// The paper's seven actions, in the order of its tables.
const std::vector<std::string>& defaultActionVocabulary();

struct LabelSegment {
    TimeNs start_ns = 0; ///< Inclusive.
    TimeNs end_ns = 0; ///< Exclusive.
    std::string label;
    std::string annotator;
    std::string note;
    friend bool operator==(const LabelSegment&, const LabelSegment&) = default;
};

class LabelTrack {
public:
    explicit LabelTrack(std::string name = "actions", std::vector<std::string> vocabulary = defaultActionVocabulary());

    const std::string& name() const { return m_name; }
    const std::vector<std::string>& vocabulary() const { return m_vocabulary; }
    const std::vector<LabelSegment>& segments() const { return m_segments; }

    /// Adds a segment, kept sorted by start. Throws Error when end <= start or the label is not in
    /// the vocabulary.
    void add(LabelSegment segment);
    bool removeAt(std::size_t index);
    /// The segment covering t, if any (the latest-starting one when segments overlap).
    const LabelSegment* at(TimeNs t_ns) const;
    void addToVocabulary(const std::string& label);

    QJsonObject toJson() const;
    /// Segments of the file that could not be read (wrong types, end <= start), kept verbatim:
    /// toJson() writes them back so that saving never deletes them.
    const std::vector<QJsonValue>& unreadableSegments() const { return m_unreadable; }

    /// Reads a track; never throws for bad contents. Labels missing from the vocabulary are added
    /// to it (nothing labelled is dropped); fields of the wrong type and segments that cannot be
    /// read (each named by track, index and field) are reported in `warnings`, and the rest is kept.
    static LabelTrack fromJson(const QJsonObject& json, std::vector<std::string>* warnings);

    friend bool operator==(const LabelTrack&, const LabelTrack&) = default;

private:
    std::string m_name;
    std::vector<std::string> m_vocabulary;
    std::vector<LabelSegment> m_segments;
    std::vector<QJsonValue> m_unreadable;
    /// The file's "segments" field was not an array: it is m_unreadable's first entry, written back
    /// in its place as it was.
    bool m_segmentsFieldUnreadable = false;
};

} // namespace insolepose
