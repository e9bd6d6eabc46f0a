#include "insolepose/Labels.h"

#include "insolepose/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <optional>

namespace insolepose {

const std::vector<std::string>& defaultActionVocabulary()
{
    static const std::vector<std::string> v = {"squat",        "warm-up",          "walking", "walking-in-place",
                                               "side-walking", "backward-walking", "lunge"};
    return v;
}

LabelTrack::LabelTrack(std::string name, std::vector<std::string> vocabulary)
    : m_name(std::move(name)), m_vocabulary(std::move(vocabulary))
{}

void LabelTrack::add(LabelSegment segment)
{
    if (segment.end_ns <= segment.start_ns)
        throw Error("label '" + segment.label + "': end " + std::to_string(segment.end_ns) + " ns is not after start " +
                    std::to_string(segment.start_ns) + " ns");
    if (std::find(m_vocabulary.begin(), m_vocabulary.end(), segment.label) == m_vocabulary.end())
        throw Error("label '" + segment.label + "' is not in the vocabulary of track '" + m_name + "'");
    auto it = std::upper_bound(m_segments.begin(), m_segments.end(), segment.start_ns,
                               [](TimeNs t, const LabelSegment& s) { return t < s.start_ns; });
    m_segments.insert(it, std::move(segment));
}

bool LabelTrack::removeAt(std::size_t index)
{
    if (index >= m_segments.size())
        return false;
    m_segments.erase(m_segments.begin() + static_cast<std::ptrdiff_t>(index));
    return true;
}

const LabelSegment* LabelTrack::at(TimeNs t_ns) const
{
    const LabelSegment* found = nullptr;
    for (const auto& s : m_segments) {
        if (s.start_ns > t_ns)
            break;
        if (t_ns < s.end_ns)
            found = &s;
    }
    return found;
}

void LabelTrack::addToVocabulary(const std::string& label)
{
    if (std::find(m_vocabulary.begin(), m_vocabulary.end(), label) == m_vocabulary.end())
        m_vocabulary.push_back(label);
}

QJsonObject LabelTrack::toJson() const
{
    QJsonArray vocab;
    for (const auto& v : m_vocabulary)
        vocab.append(QString::fromStdString(v));
    QJsonArray segs;
    for (const auto& s : m_segments) {
        QJsonObject o;
        // Nanosecond times exceed a double's exact range after ~104 days; store them as strings.
        o["start_ns"] = QString::number(s.start_ns);
        o["end_ns"] = QString::number(s.end_ns);
        o["label"] = QString::fromStdString(s.label);
        o["annotator"] = QString::fromStdString(s.annotator);
        o["note"] = QString::fromStdString(s.note);
        segs.append(o);
    }
    if (!m_segmentsFieldUnreadable || !m_segments.empty())
        for (const auto& v : m_unreadable) // written back as read: nothing labelled is lost on saving
            segs.append(v);
    QJsonObject out{{"name", QString::fromStdString(m_name)}, {"vocabulary", vocab}, {"segments", segs}};
    // A "segments" field that was not an array goes back as it was while nothing was added.
    if (m_segmentsFieldUnreadable && m_segments.empty() && m_unreadable.size() == 1)
        out["segments"] = m_unreadable.front();
    return out;
}

namespace {

/// Reads a time field; empty when it is missing, not an integer, or outside int64.
std::optional<TimeNs> readTime(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isString()) {
        bool ok = false;
        const TimeNs t = v.toString().toLongLong(&ok);
        return ok ? std::optional<TimeNs>(t) : std::nullopt;
    }
    if (v.isDouble()) {
        const double d = v.toDouble();
        // 2^63 is exactly representable; anything at or beyond it does not fit an int64.
        if (std::isfinite(d) && d == std::floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
            return static_cast<TimeNs>(d);
    }
    return std::nullopt;
}

/// A string field, or "" with a warning when present with another type.
std::string readText(const QJsonObject& o, const char* key, const std::string& where,
                     std::vector<std::string>* warnings)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString()) {
        if (warnings)
            warnings->push_back(where + ": field '" + key + "' is not a string; read as empty");
        return {};
    }
    return v.toString().toStdString();
}

} // namespace

LabelTrack LabelTrack::fromJson(const QJsonObject& json, std::vector<std::string>* warnings)
{
    auto warn = [&](std::string w) {
        if (warnings)
            warnings->push_back(std::move(w));
    };
    std::string name = "actions";
    if (json.contains("name")) {
        if (json["name"].isString() && !json["name"].toString().isEmpty())
            name = json["name"].toString().toStdString();
        else
            warn("labels.json: a track's field 'name' is not a non-empty string; named it 'actions'");
    }
    const std::string where = "labels.json: track '" + name + "'";
    std::vector<std::string> vocab;
    if (json.contains("vocabulary") && !json["vocabulary"].isArray())
        warn(where + ": field 'vocabulary' is not an array; using the default actions");
    const QJsonArray vocabJson = json["vocabulary"].toArray();
    for (qsizetype i = 0; i < vocabJson.size(); ++i) {
        if (vocabJson[i].isString())
            vocab.push_back(vocabJson[i].toString().toStdString());
        else
            warn(where + ": vocabulary entry " + std::to_string(i) + " is not a string; skipped");
    }
    if (vocab.empty())
        vocab = defaultActionVocabulary();
    LabelTrack track(name, vocab);
    if (json.contains("segments") && !json["segments"].isArray()) {
        warn(where + ": field 'segments' is not an array; no segments read (the file is kept as it is)");
        track.m_unreadable.push_back(json["segments"]);
        track.m_segmentsFieldUnreadable = true;
        return track;
    }
    const QJsonArray segs = json["segments"].toArray();
    for (qsizetype i = 0; i < segs.size(); ++i) {
        const std::string seg = where + " segment " + std::to_string(i);
        // A segment that cannot be read is reported and kept verbatim: toJson() writes it back, so
        // saving the labels never deletes what someone labelled.
        auto reject = [&](const std::string& why) {
            warn(seg + ": " + why + "; segment skipped (kept in the file)");
            track.m_unreadable.push_back(segs[i]);
        };
        if (!segs[i].isObject()) {
            reject("is not an object");
            continue;
        }
        const QJsonObject o = segs[i].toObject();
        const auto start = readTime(o, "start_ns");
        const auto end = readTime(o, "end_ns");
        if (!start) {
            reject("field 'start_ns' is missing or not an integer");
            continue;
        }
        if (!end) {
            reject("field 'end_ns' is missing or not an integer");
            continue;
        }
        if (!o["label"].isString() || o["label"].toString().isEmpty()) {
            reject("field 'label' is missing or not a non-empty string");
            continue;
        }
        LabelSegment s;
        s.start_ns = *start;
        s.end_ns = *end;
        s.label = o["label"].toString().toStdString();
        s.annotator = readText(o, "annotator", seg, warnings);
        s.note = readText(o, "note", seg, warnings);
        if (s.end_ns <= s.start_ns) {
            reject("('" + s.label + "') end_ns " + std::to_string(s.end_ns) + " is not after start_ns " +
                   std::to_string(s.start_ns));
            continue;
        }
        if (std::find(track.m_vocabulary.begin(), track.m_vocabulary.end(), s.label) == track.m_vocabulary.end()) {
            track.addToVocabulary(s.label);
            warn("labels: '" + s.label + "' was not in the vocabulary of track '" + track.m_name + "'; added it");
        }
        track.add(std::move(s));
    }
    return track;
}

} // namespace insolepose
