#include "insolepose/LabelAgreement.h"

#include "insolepose/Error.h"
#include "insolepose/Session.h"

#include <QJsonArray>

#include <algorithm>
#include <cstdio>
#include <limits>

namespace insolepose {

namespace {

double ratio(std::size_t a, std::size_t b) { return b ? double(a) / double(b) : 0.0; }
double harmonic(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

std::size_t categoryOf(const LabelTrack& t, TimeNs time, std::vector<std::string>& labels)
{
    const LabelSegment* s = t.at(time);
    const std::string name = s ? s->label : std::string(kNoLabel);
    const auto it = std::find(labels.begin(), labels.end(), name);
    if (it != labels.end())
        return std::size_t(it - labels.begin());
    labels.push_back(name);
    return labels.size() - 1;
}

/// Greedy one-to-one matching in A's order: each of A's segments takes the unmatched B segment of
/// the same label whose boundaries are both within the tolerance, the closest first.
SegmentAgreement matchSegments(const std::vector<const LabelSegment*>& a, const std::vector<const LabelSegment*>& b,
                               TimeNs tolerance)
{
    SegmentAgreement out;
    std::vector<bool> used(b.size(), false);
    for (const auto* s : a) {
        std::optional<std::size_t> best;
        TimeNs bestCost = std::numeric_limits<TimeNs>::max();
        for (std::size_t j = 0; j < b.size(); ++j) {
            const TimeNs ds = std::abs(b[j]->start_ns - s->start_ns), de = std::abs(b[j]->end_ns - s->end_ns);
            if (used[j] || b[j]->label != s->label || ds > tolerance || de > tolerance || ds + de >= bestCost)
                continue;
            best = j;
            bestCost = ds + de;
        }
        if (best) {
            used[*best] = true;
            ++out.matched;
        }
    }
    out.missed = a.size() - out.matched;
    out.extra = b.size() - out.matched;
    out.precision = ratio(out.matched, b.size());
    out.recall = ratio(out.matched, a.size());
    out.f1 = harmonic(out.precision, out.recall);
    return out;
}

std::vector<const LabelSegment*> segmentsIn(const LabelTrack& t, TimeNs first, TimeNs last)
{
    std::vector<const LabelSegment*> out;
    for (const auto& s : t.segments())
        if (s.end_ns > first && s.start_ns <= last)
            out.push_back(&s);
    return out;
}

} // namespace

AgreementResult computeAgreement(const LabelTrack& reference, const LabelTrack& other,
                                 const std::vector<TimeNs>& frameTimes, TimeNs tolerance_ns)
{
    if (frameTimes.empty())
        throw Error("agreement of '" + reference.name() + "' and '" + other.name() + "': no frames to compare");
    AgreementResult r;
    r.reference = reference.name();
    r.other = other.name();
    r.frames = frameTimes.size();
    r.tolerance_ns = tolerance_ns;
    std::vector<std::string> labels;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (TimeNs t : frameTimes)
        pairs.emplace_back(categoryOf(reference, t, labels), categoryOf(other, t, labels));
    // Order: labels as first seen, "none" last.
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i)
        order[i] = i;
    std::stable_partition(order.begin(), order.end(), [&](std::size_t i) { return labels[i] != kNoLabel; });
    std::vector<std::size_t> position(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        position[order[i]] = i;
        r.categories.push_back(labels[order[i]]);
    }
    const std::size_t k = labels.size();
    r.confusion.assign(k, std::vector<std::size_t>(k, 0));
    for (const auto& [a, b] : pairs)
        ++r.confusion[position[a]][position[b]];
    std::size_t agree = 0;
    double chance = 0;
    for (std::size_t c = 0; c < k; ++c) {
        std::size_t row = 0, col = 0;
        for (std::size_t j = 0; j < k; ++j) {
            row += r.confusion[c][j];
            col += r.confusion[j][c];
        }
        agree += r.confusion[c][c];
        chance += ratio(row, r.frames) * ratio(col, r.frames);
        if (r.categories[c] != kNoLabel)
            r.perLabel[r.categories[c]] = LabelScores{
                ratio(r.confusion[c][c], col), ratio(r.confusion[c][c], row), 0, row, col, r.confusion[c][c]};
    }
    for (auto& [label, s] : r.perLabel)
        s.f1 = harmonic(s.precision, s.recall);
    r.observed = ratio(agree, r.frames);
    r.expected = chance;
    r.kappa = r.expected < 1.0 ? (r.observed - r.expected) / (1.0 - r.expected) : 1.0;
    r.segments = matchSegments(segmentsIn(reference, frameTimes.front(), frameTimes.back()),
                               segmentsIn(other, frameTimes.front(), frameTimes.back()), tolerance_ns);
    return r;
}

QJsonObject AgreementResult::toJson() const
{
    QJsonObject per;
    for (const auto& [label, s] : perLabel)
        per[QString::fromStdString(label)] = QJsonObject{{"precision", s.precision},
                                                         {"recall", s.recall},
                                                         {"f1", s.f1},
                                                         {"reference_frames", qint64(s.referenceFrames)},
                                                         {"other_frames", qint64(s.otherFrames)}};
    QJsonArray cats, matrix;
    for (std::size_t i = 0; i < categories.size(); ++i) {
        cats.append(QString::fromStdString(categories[i]));
        QJsonArray row;
        for (auto v : confusion[i])
            row.append(qint64(v));
        matrix.append(row);
    }
    const QJsonObject seg{{"matched", qint64(segments.matched)},
                          {"missed", qint64(segments.missed)},
                          {"extra", qint64(segments.extra)},
                          {"precision", segments.precision},
                          {"recall", segments.recall},
                          {"f1", segments.f1},
                          {"tolerance_ms", double(tolerance_ns) / 1e6}};
    return QJsonObject{{"reference", QString::fromStdString(reference)},
                       {"other", QString::fromStdString(other)},
                       {"frames", qint64(frames)},
                       {"observed_agreement", observed},
                       {"expected_agreement", expected},
                       {"kappa", kappa},
                       {"per_label", per},
                       {"categories", cats},
                       {"confusion", matrix},
                       {"segments", seg}};
}

std::string AgreementResult::toCsv() const
{
    std::string out = "label,precision,recall,f1,reference_frames,other_frames\n";
    char buf[256];
    for (const auto& [label, s] : perLabel) {
        std::snprintf(buf, sizeof buf, ",%.6f,%.6f,%.6f,%zu,%zu\n", s.precision, s.recall, s.f1, s.referenceFrames,
                      s.otherFrames);
        out += label + buf;
    }
    std::snprintf(buf, sizeof buf, "#kappa,%.6f,,,%zu,\n#segments,%.6f,%.6f,%.6f,%zu,%zu\n", kappa, frames,
                  segments.precision, segments.recall, segments.f1, segments.matched,
                  segments.matched + segments.extra);
    return out + buf;
}

std::vector<TimeNs> agreementFrameTimes(const Session& session, const LabelTrack& a, const LabelTrack& b,
                                        std::optional<std::pair<TimeNs, TimeNs>> range, TimeNs step_ns)
{
    if (!range) {
        range = session.timeRange();
        if (range->second <= range->first) {
            TimeNs lo = std::numeric_limits<TimeNs>::max(), hi = std::numeric_limits<TimeNs>::min();
            for (const auto* t : {&a, &b})
                for (const auto& s : t->segments()) {
                    lo = std::min(lo, s.start_ns);
                    hi = std::max(hi, s.end_ns);
                }
            range = lo < hi ? std::pair{lo, hi} : std::pair<TimeNs, TimeNs>{0, 0};
        }
    }
    std::vector<TimeNs> out;
    const TactileStream& left = session.tactile(Foot::Left);
    const TactileStream& tactile = left.size() ? left : session.tactile(Foot::Right);
    if (step_ns <= 0 && tactile.size() > 0) {
        for (std::size_t i = 0; i < tactile.size(); ++i)
            if (const TimeNs t = tactile.timeAt(i); t >= range->first && t < range->second)
                out.push_back(t);
        if (!out.empty())
            return out;
    }
    const TimeNs step = step_ns > 0 ? step_ns : 10'000'000;
    for (TimeNs t = range->first; t < range->second; t += step)
        out.push_back(t);
    return out;
}

} // namespace insolepose
