#include "insolepose/Labels.h"

#include "insolepose/Error.h"

#include <QJsonArray>

#include <algorithm>

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
    return QJsonObject{{"name", QString::fromStdString(m_name)}, {"vocabulary", vocab}, {"segments", segs}};
}

namespace {
TimeNs readTime(const QJsonObject& o, const char* key, std::size_t index)
{
    const QJsonValue v = o.value(QLatin1String(key));
    bool ok = false;
    TimeNs t = 0;
    if (v.isString())
        t = v.toString().toLongLong(&ok);
    else if (v.isDouble()) {
        t = static_cast<TimeNs>(v.toDouble());
        ok = true;
    }
    if (!ok)
        throw FormatError("labels: segment " + std::to_string(index) + " has no valid '" + key + "'");
    return t;
}
} // namespace

LabelTrack LabelTrack::fromJson(const QJsonObject& json, std::vector<std::string>* warnings)
{
    std::vector<std::string> vocab;
    for (const QJsonValue& v : json["vocabulary"].toArray())
        vocab.push_back(v.toString().toStdString());
    if (vocab.empty())
        vocab = defaultActionVocabulary();
    LabelTrack track(json["name"].toString("actions").toStdString(), vocab);
    const QJsonArray segs = json["segments"].toArray();
    for (qsizetype i = 0; i < segs.size(); ++i) {
        const QJsonObject o = segs[i].toObject();
        LabelSegment s;
        s.start_ns = readTime(o, "start_ns", static_cast<std::size_t>(i));
        s.end_ns = readTime(o, "end_ns", static_cast<std::size_t>(i));
        s.label = o["label"].toString().toStdString();
        s.annotator = o["annotator"].toString().toStdString();
        s.note = o["note"].toString().toStdString();
        if (s.end_ns <= s.start_ns)
            throw FormatError("labels: segment " + std::to_string(i) + " ('" + s.label +
                              "') ends at or before it starts");
        if (std::find(track.m_vocabulary.begin(), track.m_vocabulary.end(), s.label) == track.m_vocabulary.end()) {
            track.addToVocabulary(s.label);
            if (warnings)
                warnings->push_back("labels: '" + s.label + "' was not in the vocabulary of track '" + track.m_name +
                                    "'; added it");
        }
        track.add(std::move(s));
    }
    return track;
}

} // namespace insolepose
