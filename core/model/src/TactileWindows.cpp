#include "insolepose/model/TactileWindows.h"

#include "insolepose/Error.h"

#include <algorithm>
#include <cmath>

namespace insolepose::model {

std::size_t WindowSource::addSession(const Session& session)
{
    for (Foot f : kFeet)
        if (session.tactile(f).size() == 0)
            throw Error("session " + session.path().string() + " has no " + std::string(footName(f)) +
                        " tactile frames");
    m_sessions.push_back(&session);
    return m_sessions.size() - 1;
}

std::optional<WindowRef> WindowSource::at(std::size_t si, TimeNs t) const
{
    const Session& s = *m_sessions[si];
    WindowRef w;
    w.session = si;
    w.time_ns = t;
    const int before = m_config.labelIndex(), after = m_config.window - 1 - m_config.labelIndex();
    for (Foot f : kFeet) {
        const auto& stream = s.tactile(f);
        const auto i = stream.latestAt(t);
        if (!i || *i < std::size_t(before) || *i + std::size_t(after) >= stream.size())
            return std::nullopt;
        w.labelFrame[f] = *i;
    }
    return w;
}

std::vector<WindowRef> WindowSource::groundTruthWindows(std::size_t si) const
{
    std::vector<WindowRef> out;
    const auto& gt = m_sessions[si]->groundTruth();
    for (std::size_t k = 0; k < gt.size(); ++k) {
        if (!gt.isValid(k))
            continue;
        if (auto w = at(si, gt.timeAt(k))) {
            w->gtIndex = k;
            out.push_back(*w);
        }
    }
    return out;
}

std::string WindowSource::action(const WindowRef& w) const
{
    std::string action;
    for (const auto* track : groundTruthTracks(m_sessions[w.session]->labelTracks()))
        if (m_labelTrack.empty() || track->name() == m_labelTrack)
            if (const auto* seg = track->at(w.time_ns))
                action = seg->label;
    return action;
}

void degradeResolution(std::span<float> frame, int rows, int cols, int times)
{
    if (times <= 0)
        return;
    std::vector<float> cur(frame.begin(), frame.end());
    int r = rows, c = cols;
    for (int k = 0; k < times; ++k) {
        const int r2 = (r + 1) / 2, c2 = (c + 1) / 2;
        std::vector<float> next(std::size_t(r2 * c2), 0.0f);
        for (int i = 0; i < r2; ++i)
            for (int j = 0; j < c2; ++j) {
                float sum = 0;
                int n = 0;
                for (int di = 0; di < 2; ++di)
                    for (int dj = 0; dj < 2; ++dj)
                        if (2 * i + di < r && 2 * j + dj < c) {
                            sum += cur[std::size_t((2 * i + di) * c + 2 * j + dj)];
                            ++n;
                        }
                next[std::size_t(i * c2 + j)] = sum / float(n);
            }
        cur.swap(next);
        r = r2;
        c = c2;
    }
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j)
            frame[std::size_t(i * cols + j)] = cur[std::size_t((i * r / rows) * c + (j * c / cols))];
}

void WindowSource::fill(const WindowRef& w, std::span<float> out, int downsample) const
{
    const Session& s = *m_sessions[w.session];
    const int T = m_config.window, R = m_config.inputRows, C = m_config.inputCols;
    const std::size_t frameValues = std::size_t(R * C);
    if (out.size() != windowValues())
        throw Error("window buffer has " + std::to_string(out.size()) + " values, needs " +
                    std::to_string(windowValues()));
    if (R != kModelGrid.rows || C != kModelGrid.cols)
        throw Error("model input " + std::to_string(R) + "x" + std::to_string(C) +
                    " differs from the 30x22 session grid");
    for (Foot f : kFeet) {
        const auto fi = static_cast<std::size_t>(f);
        const auto& stream = s.tactile(f);
        const Calibration& cal = s.metadata().insoles[fi].calibration;
        const std::int64_t first = std::int64_t(w.labelFrame[fi]) - m_config.labelIndex();
        for (int k = 0; k < T; ++k) {
            const auto idx = std::size_t(std::clamp<std::int64_t>(first + k, 0, std::int64_t(stream.size()) - 1));
            std::span<float> dst = out.subspan((fi * std::size_t(T) + std::size_t(k)) * frameValues, frameValues);
            cal.normalize(stream.raw(idx), dst);
            degradeResolution(dst, R, C, downsample);
        }
    }
}

Pose WindowSource::target(const WindowRef& w) const
{
    return normalizePose(m_sessions[w.session]->groundTruth().pose(w.gtIndex));
}

} // namespace insolepose::model
