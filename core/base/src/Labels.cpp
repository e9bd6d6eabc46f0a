#include "insolepose/Labels.h"

#include "insolepose/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>

namespace insolepose {

const std::vector<std::string>& defaultActionVocabulary()
{
    static const std::vector<std::string> v = {"squat",        "warm-up",          "walking", "walking-in-place",
                                               "side-walking", "backward-walking", "lunge"};
    return v;
}

std::string defaultLabelColour(std::size_t index)
{
    // A ten-colour qualitative palette (Tableau 10), distinguishable on light and dark timelines.
    static const char* const palette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                          "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    return palette[index % (sizeof(palette) / sizeof(palette[0]))];
}

std::string formatSeconds(TimeNs t_ns)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(t_ns) / 1e9);
    return buf;
}

std::vector<const LabelTrack*> groundTruthTracks(const std::vector<LabelTrack>& tracks)
{
    std::vector<const LabelTrack*> out;
    for (const auto& t : tracks)
        if (!t.isModelProposed())
            out.push_back(&t);
    return out;
}

LabelTrack::LabelTrack(std::string name, std::vector<std::string> vocabulary)
    : m_name(std::move(name)), m_vocabulary(std::move(vocabulary))
{}

bool LabelTrack::hasLabel(const std::string& label) const
{
    return std::find(m_vocabulary.begin(), m_vocabulary.end(), label) != m_vocabulary.end();
}

namespace {

bool isColour(const std::string& c)
{
    if (c.size() != 7 || c[0] != '#')
        return false;
    return std::all_of(c.begin() + 1, c.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); });
}

std::string describe(const LabelSegment& s)
{
    return "'" + s.label + "' [" + formatSeconds(s.start_ns) + ", " + formatSeconds(s.end_ns) + ")";
}

} // namespace

LabelStyle LabelTrack::style(const std::string& label) const
{
    const auto pos = std::find(m_vocabulary.begin(), m_vocabulary.end(), label);
    const std::size_t index = static_cast<std::size_t>(pos - m_vocabulary.begin());
    const auto stored = m_styles.find(label);
    LabelStyle out = stored != m_styles.end() ? stored->second : LabelStyle{};
    if (out.colour.empty())
        out.colour = defaultLabelColour(index);
    if (stored == m_styles.end() && pos != m_vocabulary.end() && index < 9) {
        const std::string key = std::to_string(index + 1);
        const bool taken = std::any_of(m_styles.begin(), m_styles.end(),
                                       [&](const auto& kv) { return kv.first != label && kv.second.hotkey == key; });
        if (!taken)
            out.hotkey = key;
    }
    return out;
}

void LabelTrack::setStyle(const std::string& label, LabelStyle style)
{
    if (!hasLabel(label))
        throw Error("label '" + label + "' is not in the vocabulary of track '" + m_name + "'");
    if (!style.colour.empty() && !isColour(style.colour))
        throw Error("label '" + label + "': colour '" + style.colour + "' is not of the form #rrggbb");
    if (style.hotkey.size() > 1)
        throw Error("label '" + label + "': hotkey '" + style.hotkey + "' is not a single key");
    m_styles[label] = std::move(style);
}

void LabelTrack::setVocabulary(std::vector<std::string> vocabulary)
{
    requireEditable();
    for (const auto& s : m_segments)
        if (std::find(vocabulary.begin(), vocabulary.end(), s.label) == vocabulary.end())
            throw Error("track '" + m_name + "': label '" + s.label + "' cannot leave the vocabulary: segment " +
                        describe(s) + " uses it");
    for (std::size_t i = 0; i < vocabulary.size(); ++i)
        if (vocabulary[i].empty() || std::find(vocabulary.begin(), vocabulary.begin() + static_cast<std::ptrdiff_t>(i),
                                               vocabulary[i]) != vocabulary.begin() + static_cast<std::ptrdiff_t>(i))
            throw Error("track '" + m_name + "': vocabulary entry " + std::to_string(i) + " ('" + vocabulary[i] +
                        "') is empty or repeated");
    m_vocabulary = std::move(vocabulary);
    for (auto it = m_styles.begin(); it != m_styles.end();)
        it = hasLabel(it->first) ? std::next(it) : m_styles.erase(it);
}

void LabelTrack::requireEditable() const
{
    if (m_locked)
        throw Error("track " + m_name + " is locked");
}

void LabelTrack::validate(const LabelSegment& segment, std::optional<std::size_t> ignoreA,
                          std::optional<std::size_t> ignoreB) const
{
    requireEditable();
    if (segment.end_ns <= segment.start_ns)
        throw Error("track '" + m_name + "': segment " + describe(segment) + " does not end after it starts");
    if (!hasLabel(segment.label))
        throw Error("track '" + m_name + "': label '" + segment.label + "' is not in the vocabulary");
    if (segment.confidence && !(*segment.confidence >= 0.0 && *segment.confidence <= 1.0))
        throw Error("track '" + m_name + "': segment " + describe(segment) + " has a confidence outside 0..1");
    for (std::size_t i = 0; i < m_segments.size(); ++i) {
        if (i == ignoreA || i == ignoreB)
            continue;
        const auto& other = m_segments[i];
        if (other.start_ns < segment.end_ns && segment.start_ns < other.end_ns)
            throw Error("track '" + m_name + "': segment " + describe(segment) + " would overlap segment " +
                        describe(other));
    }
}

const LabelSegment& LabelTrack::segmentAt(std::size_t index, const char* what) const
{
    if (index >= m_segments.size())
        throw Error("track '" + m_name + "': cannot " + what + " segment " + std::to_string(index) +
                    ": the track has " + std::to_string(m_segments.size()) + " segments");
    return m_segments[index];
}

std::size_t LabelTrack::insertSorted(LabelSegment segment)
{
    auto it = std::upper_bound(m_segments.begin(), m_segments.end(), segment.start_ns,
                               [](TimeNs t, const LabelSegment& s) { return t < s.start_ns; });
    const auto inserted = m_segments.insert(it, std::move(segment));
    return static_cast<std::size_t>(inserted - m_segments.begin());
}

std::size_t LabelTrack::insert(LabelSegment segment)
{
    validate(segment, std::nullopt);
    return insertSorted(std::move(segment));
}

std::size_t LabelTrack::replace(std::size_t index, LabelSegment segment)
{
    requireEditable();
    segmentAt(index, "replace");
    validate(segment, index);
    m_segments.erase(m_segments.begin() + static_cast<std::ptrdiff_t>(index));
    return insertSorted(std::move(segment));
}

LabelSegment LabelTrack::take(std::size_t index)
{
    requireEditable();
    LabelSegment out = segmentAt(index, "delete");
    m_segments.erase(m_segments.begin() + static_cast<std::ptrdiff_t>(index));
    return out;
}

std::size_t LabelTrack::split(std::size_t index, TimeNs at_ns)
{
    requireEditable();
    const LabelSegment& s = segmentAt(index, "split");
    if (at_ns <= s.start_ns || at_ns >= s.end_ns)
        throw Error("track '" + m_name + "': cannot split segment " + describe(s) + " at " + formatSeconds(at_ns) +
                    ": the time is not inside it");
    LabelSegment second = s;
    second.start_ns = at_ns;
    m_segments[index].end_ns = at_ns;
    m_segments.insert(m_segments.begin() + static_cast<std::ptrdiff_t>(index) + 1, std::move(second));
    return index + 1;
}

void LabelTrack::mergeWithNext(std::size_t index)
{
    requireEditable();
    const LabelSegment& first = segmentAt(index, "merge");
    if (index + 1 >= m_segments.size())
        throw Error("track '" + m_name + "': segment " + describe(first) + " has no next segment to merge with");
    const LabelSegment& next = m_segments[index + 1];
    LabelSegment merged = first;
    merged.end_ns = std::max(first.end_ns, next.end_ns);
    if (!next.note.empty() && next.note != first.note)
        merged.note = first.note.empty() ? next.note : first.note + "; " + next.note;
    if (first.confidence && next.confidence) {
        const double a = static_cast<double>(first.end_ns - first.start_ns);
        const double b = static_cast<double>(next.end_ns - next.start_ns);
        merged.confidence = (*first.confidence * a + *next.confidence * b) / (a + b);
    } else {
        merged.confidence.reset();
    }
    validate(merged, index, index + 1);
    m_segments[index] = std::move(merged);
    m_segments.erase(m_segments.begin() + static_cast<std::ptrdiff_t>(index) + 1);
}

std::optional<std::size_t> LabelTrack::indexAt(TimeNs t_ns) const
{
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < m_segments.size() && m_segments[i].start_ns <= t_ns; ++i)
        if (t_ns < m_segments[i].end_ns)
            found = i;
    return found;
}

std::pair<TimeNs, TimeNs> LabelTrack::freeRange(TimeNs t_ns, TimeNs sessionStart_ns, TimeNs sessionEnd_ns,
                                                std::optional<std::size_t> ignore) const
{
    TimeNs lo = sessionStart_ns;
    TimeNs hi = sessionEnd_ns;
    for (std::size_t i = 0; i < m_segments.size(); ++i) {
        if (i == ignore)
            continue;
        const auto& s = m_segments[i];
        if (s.start_ns <= t_ns && t_ns < s.end_ns)
            return {t_ns, t_ns};
        if (s.end_ns <= t_ns)
            lo = std::max(lo, s.end_ns);
        else if (s.start_ns > t_ns)
            hi = std::min(hi, s.start_ns);
    }
    return {lo, hi};
}

std::vector<std::pair<std::size_t, std::size_t>> LabelTrack::overlaps() const
{
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0; i < m_segments.size(); ++i)
        for (std::size_t j = i + 1; j < m_segments.size() && m_segments[j].start_ns < m_segments[i].end_ns; ++j)
            out.emplace_back(i, j);
    return out;
}

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
        if (s.confidence)
            o["confidence"] = *s.confidence;
        segs.append(o);
    }
    if (!m_segmentsFieldUnreadable || !m_segments.empty())
        for (const auto& v : m_unreadable) // written back as read: nothing labelled is lost on saving
            segs.append(v);
    QJsonObject out{{"name", QString::fromStdString(m_name)},
                    {"vocabulary", vocab},
                    {"segments", segs},
                    {"hidden", m_hidden},
                    {"locked", m_locked},
                    {"source", QString::fromStdString(m_source)}};
    if (!m_styles.empty()) {
        QJsonObject styles;
        for (const auto& [label, st] : m_styles)
            styles[QString::fromStdString(label)] = QJsonObject{{"colour", QString::fromStdString(st.colour)},
                                                                {"hotkey", QString::fromStdString(st.hotkey)}};
        out["styles"] = styles;
    }
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

/// The optional "confidence" of a segment: a number in 0..1, else empty with a warning.
std::optional<double> readConfidence(const QJsonObject& o, const std::string& where, std::vector<std::string>* warnings)
{
    const QJsonValue v = o.value("confidence");
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isDouble() && v.toDouble() >= 0.0 && v.toDouble() <= 1.0)
        return v.toDouble();
    if (warnings)
        warnings->push_back(where + ": field 'confidence' is not a number in 0..1; ignored");
    return std::nullopt;
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
        track.readProperties(json, where, warnings);
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
        s.confidence = readConfidence(o, seg, warnings);
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
    track.readProperties(json, where, warnings);
    return track;
}

void LabelTrack::readProperties(const QJsonObject& json, const std::string& where, std::vector<std::string>* warnings)
{
    auto warn = [&](std::string w) {
        if (warnings)
            warnings->push_back(std::move(w));
    };
    auto readBool = [&](const char* key, bool& out) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isBool())
            out = v.toBool();
        else if (!v.isUndefined() && !v.isNull())
            warn(where + ": field '" + key + "' is not true/false; read as " + (out ? "true" : "false"));
    };
    readBool("hidden", m_hidden);
    readBool("locked", m_locked);
    const std::string source = readText(json, "source", where, warnings);
    if (!source.empty())
        m_source = source;
    const QJsonValue styles = json.value("styles");
    if (styles.isUndefined() || styles.isNull())
        return;
    if (!styles.isObject()) {
        warn(where + ": field 'styles' is not an object; default styles used");
        return;
    }
    const QJsonObject obj = styles.toObject();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string label = it.key().toStdString();
        const std::string at = where + " style of '" + label + "'";
        LabelStyle st;
        st.colour = readText(it.value().toObject(), "colour", at, warnings);
        st.hotkey = readText(it.value().toObject(), "hotkey", at, warnings);
        try {
            if (!it.value().isObject())
                throw Error("label '" + label + "': not an object");
            setStyle(label, st);
        } catch (const Error& e) {
            warn(where + ": style skipped: " + e.what());
        }
    }
}

std::vector<std::string> labelsInUse(const std::vector<const std::vector<LabelTrack>*>& trackLists)
{
    std::vector<std::string> found;
    for (const auto* tracks : trackLists)
        for (const LabelTrack* track : groundTruthTracks(*tracks))
            for (const LabelSegment& segment : track->segments())
                if (std::find(found.begin(), found.end(), segment.label) == found.end())
                    found.push_back(segment.label);
    const auto& order = defaultActionVocabulary();
    std::stable_sort(found.begin(), found.end(), [&](const std::string& a, const std::string& b) {
        return std::find(order.begin(), order.end(), a) < std::find(order.begin(), order.end(), b);
    });
    return found;
}

} // namespace insolepose
