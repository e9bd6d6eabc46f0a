#include "insolepose/interchange/Dataset.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/SessionReader.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <random>

namespace insolepose::interchange {

namespace fs = std::filesystem;

namespace {

/// Live taxels whose reading never changes (and calibration's bad taxels) of one foot.
std::size_t deadTaxels(const Session& s, Foot foot)
{
    const TactileStream& t = s.tactile(foot);
    const InsoleInfo& info = s.metadata().insoles[foot];
    const auto live = liveTaxelMask(sourceGrid(info.size));
    const auto& bad = info.calibration.badTaxels();
    std::size_t dead = 0;
    for (std::size_t c = 0; c < live.size(); ++c) {
        if (!live[c])
            continue;
        bool stuck = t.size() >= 2;
        for (std::size_t i = 1; i < t.size() && stuck; ++i)
            stuck = t.raw(i)[c] == t.raw(0)[c];
        dead += (stuck || (c < bad.size() && bad[c])) ? 1 : 0;
    }
    return dead;
}

std::size_t droppedFrames(const Session& s)
{
    std::size_t dropped = 0;
    for (Foot f : kFeet) {
        const TactileStream& t = s.tactile(f);
        for (std::size_t i = 1; i < t.size(); ++i) {
            const std::uint32_t a = t.sequenceAt(i - 1), b = t.sequenceAt(i);
            dropped += b > a + 1 ? b - a - 1 : 0;
        }
    }
    return dropped;
}

/// Covered time per action label, and the share of [t0, t1) that any label covers.
void summariseLabels(const Session& s, SessionSummary& out)
{
    const auto [t0, t1] = s.timeRange();
    std::map<std::string, TimeNs> covered;
    std::vector<std::pair<TimeNs, TimeNs>> spans;
    for (const LabelTrack& track : s.labelTracks()) {
        if (track.name() != "actions")
            continue;
        for (const LabelSegment& seg : track.segments()) {
            const TimeNs a = std::max(seg.start_ns, t0), b = std::min(seg.end_ns, t1);
            if (b > a) {
                covered[seg.label] += b - a;
                spans.emplace_back(a, b);
            }
        }
    }
    std::vector<std::pair<TimeNs, std::string>> order;
    for (const auto& [label, t] : covered)
        order.emplace_back(-t, label);
    std::sort(order.begin(), order.end());
    for (const auto& o : order)
        out.actions.push_back(o.second);
    std::sort(spans.begin(), spans.end());
    TimeNs total = 0, end = t0;
    for (const auto& [a, b] : spans) {
        total += std::max<TimeNs>(0, b - std::max(a, end));
        end = std::max(end, b);
    }
    out.labelCoverage = t1 > t0 ? double(total) / double(t1 - t0) : 0.0;
}

SessionSummary summarise(const fs::path& dir)
{
    SessionSummary out;
    out.session = dir.filename().string();
    try {
        const Session s = openSession(dir);
        out.subject = s.metadata().subjectId;
        const auto [t0, t1] = s.timeRange();
        out.duration_s = nsToSeconds(t1 - t0);
        out.hasGroundTruth = s.groundTruth().size() > 0;
        out.deadTaxels = deadTaxels(s, Foot::Left) + deadTaxels(s, Foot::Right);
        out.droppedFrames = droppedFrames(s);
        summariseLabels(s, out);
    } catch (const Error& e) {
        out.flags.push_back(std::string("unreadable: ") + e.what());
        return out;
    }
    if (out.deadTaxels)
        out.flags.push_back("dead-taxels");
    if (out.droppedFrames)
        out.flags.push_back("dropped-frames");
    if (!out.hasGroundTruth)
        out.flags.push_back("no-ground-truth");
    if (out.actions.empty())
        out.flags.push_back("unlabelled");
    return out;
}

QJsonArray toJson(const std::vector<std::string>& v)
{
    QJsonArray a;
    for (const auto& s : v)
        a.append(QString::fromStdString(s));
    return a;
}

} // namespace

std::vector<SessionSummary> scanDataset(const fs::path& dir)
{
    const std::vector<fs::path> folders = sessionFoldersIn(dir);
    std::vector<SessionSummary> out;
    for (const fs::path& f : folders)
        out.push_back(summarise(f));
    return out;
}

bool DatasetFilter::matches(const SessionSummary& s) const
{
    return (subject.empty() || s.subject == subject) &&
           (action.empty() || std::find(s.actions.begin(), s.actions.end(), action) != s.actions.end()) &&
           s.labelCoverage >= minCoverage && (!withoutFlags || s.flags.empty());
}

const char* splitByName(SplitBy by)
{
    return by == SplitBy::Subject ? "subject" : by == SplitBy::Action ? "action" : "random";
}

DatasetSplit makeSplit(const std::vector<SessionSummary>& sessions, const SplitSpec& spec)
{
    std::map<std::string, std::vector<std::string>> groups; // key -> sessions
    for (const SessionSummary& s : sessions) {
        const std::string key = spec.by == SplitBy::Subject  ? s.subject
                                : spec.by == SplitBy::Action ? (s.actions.empty() ? "" : s.actions.front())
                                                             : s.session;
        groups[key].push_back(s.session);
    }
    std::vector<std::string> keys;
    for (const auto& g : groups)
        keys.push_back(g.first);
    std::mt19937 rng(spec.seed);
    std::shuffle(keys.begin(), keys.end(), rng);
    const std::size_t n = keys.size();
    std::size_t nTrain = std::size_t(std::lround(spec.train * double(n)));
    std::size_t nVal = std::size_t(std::lround(spec.validation * double(n)));
    if (n >= 3) { // every part gets at least one group
        nTrain = std::clamp<std::size_t>(nTrain, 1, n - 2);
        nVal = std::clamp<std::size_t>(nVal, 1, n - nTrain - 1);
    }
    nTrain = std::min(nTrain, n);
    nVal = std::min(nVal, n - nTrain);
    DatasetSplit split{{"train", {}}, {"validation", {}}, {"test", {}}};
    for (std::size_t i = 0; i < n; ++i) {
        auto& part = split[i < nTrain ? "train" : i < nTrain + nVal ? "validation" : "test"];
        part.insert(part.end(), groups[keys[i]].begin(), groups[keys[i]].end());
    }
    for (auto& p : split)
        std::sort(p.second.begin(), p.second.end());
    return split;
}

void saveDataset(const fs::path& dir, const std::vector<SessionSummary>& sessions,
                 const std::map<std::string, DatasetSplit>& splits)
{
    const fs::path file = dir / "dataset.json";
    QJsonObject json = fs::exists(file) ? readJsonObject(file) : QJsonObject{};
    json["format"] = "insolepose-dataset";
    json["schema_version"] = 1;
    QJsonArray listing;
    for (const SessionSummary& s : sessions)
        listing.append(QJsonObject{{"session", QString::fromStdString(s.session)},
                                   {"subject", QString::fromStdString(s.subject)},
                                   {"actions", toJson(s.actions)},
                                   {"duration_s", s.duration_s},
                                   {"label_coverage", s.labelCoverage},
                                   {"dead_taxels", qint64(s.deadTaxels)},
                                   {"dropped_frames", qint64(s.droppedFrames)},
                                   {"has_ground_truth", s.hasGroundTruth},
                                   {"flags", toJson(s.flags)}});
    json["sessions"] = listing;
    QJsonObject saved = json["splits"].toObject();
    for (const auto& [name, split] : splits) {
        QJsonObject parts;
        for (const auto& [part, names] : split)
            parts[QString::fromStdString(part)] = toJson(names);
        saved[QString::fromStdString(name)] = parts;
    }
    json["splits"] = saved;
    writeJsonAtomically(file, json);
}

DatasetSplit readSplit(const fs::path& dir, const std::string& name)
{
    const fs::path file = dir / "dataset.json";
    const QJsonObject splits = readJsonObject(file)["splits"].toObject();
    const QJsonValue v = splits[QString::fromStdString(name)];
    if (!v.isObject())
        throw FormatError(file.string() + ": no split '" + name + "' (saved: " +
                          splits.keys().join(", ").toStdString() + "); make one with insolepose dataset split");
    DatasetSplit out;
    for (const char* part : {"train", "validation", "test"}) {
        const QJsonValue list = v.toObject()[part];
        if (!list.isArray())
            throw FormatError(file.string() + ": splits." + name + "." + part + " must be a list of session names");
        auto& names = out[part];
        for (const QJsonValue& s : list.toArray())
            names.push_back(s.toString().toStdString());
    }
    return out;
}

} // namespace insolepose::interchange
