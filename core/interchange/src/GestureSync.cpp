// Synchronisation from a sync gesture (docs/IMPORT.md, "Video and the two insoles"): a jump or a
// stomp shows in the pressure as a foot (or both) leaving the floor and landing, between stretches
// of quiet standing. Cameras are matched by the motion of the feet in the picture, the right
// insole by the landing of both feet in a jump.
#include "SyncSignals.h"
#include "insolepose/VideoImage.h"
#include "insolepose/interchange/StreamSync.h"
#include "insolepose/media/VideoReader.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace insolepose::interchange {

using namespace detail;

namespace {

constexpr double kOffFloor = 0.5; ///< Contact below this: the foot is off the floor.
constexpr double kNoLoad = 0.05; ///< Share of the standing load below which a foot carries nothing.
constexpr double kContactLoad = 0.15; ///< Share of the standing load that counts as full contact.
constexpr double kSoftContactLoad = 0.3; ///< The same for the coarse match, with a softer edge.
constexpr double kLanding_s = 0.3; ///< The fine match compares this long before and after the landing.
constexpr double kQuiet_s = 0.8; ///< Both feet down this long before and after the gesture.
constexpr double kLongestGesture_s = 1.5; ///< Longer time off the floor is walking, not a gesture.
constexpr double kJumpApart_s = 0.6; ///< The two feet's lifts of one jump start closer than this.
constexpr double kMargin_s = 0.6; ///< Pressure compared around the gesture.
constexpr double kMinCorrelation = 0.3;
constexpr double kSmooth_s = 0.025; ///< Gaussian smoothing of both signals before matching.
constexpr double kFootBand = 0.07; ///< Share of the figure's height above its lowest moving row.
constexpr int kDiffThreshold = 6; ///< Grey levels: smaller frame-to-frame changes are noise.
constexpr int kWorkWidth = 320; ///< Frames are averaged down to about this width.

/// Each foot's contact with the floor: 0 below kNoLoad of the median standing load of both feet,
/// 1 above kContactLoad, linear between (NaN where the foot has no frames).
struct Contacts {
    Grid grid;
    Signal feet[2];
};

/// Contacts with a soft edge: up to kSoftContactLoad of the standing load (the coarse match).
Contacts softened(Contacts c, const Contacts& loads, double ref)
{
    for (int f = 0; f < 2; ++f)
        for (std::size_t k = 0; k < c.grid.size; ++k)
            c.feet[f][k] = std::clamp(loads.feet[f][k] / (kSoftContactLoad * ref), 0.0, 1.0);
    return c;
}

/// The contacts (sharp edges) and softened ones.
std::pair<Contacts, Contacts> footContacts(const Session& s, const Grid& grid)
{
    Contacts c{grid,
               {footPressure(s, Foot::Left, PressureFeature::Load, grid),
                footPressure(s, Foot::Right, PressureFeature::Load, grid)}};
    const Contacts loads = c;
    std::vector<double> total;
    for (std::size_t k = 0; k < grid.size; ++k)
        if (!std::isnan(c.feet[0][k]) && !std::isnan(c.feet[1][k]))
            total.push_back(c.feet[0][k] + c.feet[1][k]);
    double ref = 0;
    if (!total.empty()) {
        std::nth_element(total.begin(), total.begin() + long(total.size() / 2), total.end());
        ref = total[total.size() / 2];
    }
    for (Signal& f : c.feet)
        for (double& v : f)
            v = ref > 0 ? std::clamp((v / ref - kNoLoad) / (kContactLoad - kNoLoad), 0.0, 1.0)
                        : (std::isnan(v) ? kNaN : 0.0);
    return {c, ref > 0 ? softened(c, loads, ref) : c};
}

/// Where a foot was off the floor during the gesture (grid indices, end one past the last).
struct Lift {
    std::size_t from = 0, to = 0;
};

/// A jump or a stomp: for each foot, its first stretch off the floor of at most
/// kLongestGesture_s with the foot down for kQuiet_s before and after (walking never rests a foot
/// that long). A stomp lifts one foot; a jump both.
struct Gesture {
    std::optional<Lift> feet[2];
    bool jump() const { return feet[0] && feet[1]; }
    std::size_t from() const
    {
        return std::min(feet[0] ? feet[0]->from : SIZE_MAX, feet[1] ? feet[1]->from : SIZE_MAX);
    }
    std::size_t to() const { return std::max(feet[0] ? feet[0]->to : 0, feet[1] ? feet[1]->to : 0); }
};

std::optional<Lift> findLift(const Signal& contact, double step_s)
{
    const auto quiet = std::size_t(kQuiet_s / step_s), longest = std::size_t(kLongestGesture_s / step_s);
    auto state = [&](std::size_t k) { // -1 no data, 0 on the floor, 1 off the floor
        return std::isnan(contact[k]) ? -1 : contact[k] < kOffFloor ? 1 : 0;
    };
    std::size_t downSince = 0; // start of the current stretch on the floor
    for (std::size_t k = 0; k < contact.size(); ++k) {
        const int st = state(k);
        if (st != 1) {
            if (st == -1)
                downSince = k + 1;
            continue;
        }
        std::size_t end = k;
        while (end < contact.size() && state(end) == 1)
            ++end;
        std::size_t after = end;
        while (after < contact.size() && state(after) == 0 && after - end < quiet)
            ++after;
        if (k - downSince >= quiet && end - k <= longest && after - end >= quiet)
            return Lift{k, end};
        downSince = end;
        k = end;
    }
    return std::nullopt;
}

std::optional<Gesture> findGesture(const Contacts& c, const SyncOptions& o)
{
    Gesture g{{findLift(c.feet[0], c.grid.step_s), findLift(c.feet[1], c.grid.step_s)}};
    if (g.jump()) { // both lifts belong to one jump only if they start together and last as long
        const double apart = double(std::max(g.feet[0]->from, g.feet[1]->from) - g.from()) * c.grid.step_s;
        const double longer = double(g.feet[0]->to - g.feet[0]->from) - double(g.feet[1]->to - g.feet[1]->from);
        if (apart > std::min(o.maxLag_s, kJumpApart_s) || std::abs(longer) * c.grid.step_s > kJumpApart_s / 4)
            g.feet[g.feet[0]->from < g.feet[1]->from ? 1 : 0].reset();
    }
    if (!g.feet[0] && !g.feet[1])
        return std::nullopt;
    return g;
}

/// `x` smoothed with a Gaussian of kSmooth_s; NaN stays NaN.
Signal smoothed(const Signal& x, double step_s)
{
    const long r = long(std::ceil(3 * kSmooth_s / step_s));
    std::vector<double> w(std::size_t(2 * r + 1));
    for (long i = -r; i <= r; ++i)
        w[std::size_t(i + r)] = std::exp(-0.5 * std::pow(double(i) * step_s / kSmooth_s, 2));
    Signal out(x.size(), kNaN);
    for (long k = 0; k < long(x.size()); ++k) {
        if (std::isnan(x[std::size_t(k)]))
            continue;
        double sum = 0, weight = 0;
        for (long i = -r; i <= r; ++i)
            if (k + i >= 0 && k + i < long(x.size()) && !std::isnan(x[std::size_t(k + i)])) {
                sum += w[std::size_t(i + r)] * x[std::size_t(k + i)];
                weight += w[std::size_t(i + r)];
            }
        out[std::size_t(k)] = sum / weight;
    }
    return out;
}

/// How fast the number of feet on the floor changes (signed: + landing), inside [lo, hi) only.
Signal contactChange(const Contacts& c, std::size_t lo, std::size_t hi)
{
    Signal out(c.grid.size, kNaN);
    for (std::size_t k = std::max<std::size_t>(lo, 1); k < std::min(hi, c.grid.size); ++k) {
        const double now = c.feet[0][k] + c.feet[1][k], before = c.feet[0][k - 1] + c.feet[1][k - 1];
        out[k] = (now - before) / c.grid.step_s;
    }
    return smoothed(out, c.grid.step_s);
}

Signal magnitude(Signal x)
{
    for (double& v : x)
        v = std::abs(v);
    return x;
}

/// How many feet are off the floor (0..2), inside [lo, hi) only.
Signal feetOff(const Contacts& c, std::size_t lo, std::size_t hi)
{
    Signal out(c.grid.size, kNaN);
    for (std::size_t k = lo; k < std::min(hi, c.grid.size); ++k)
        out[k] = 2.0 - c.feet[0][k] - c.feet[1][k];
    return smoothed(out, c.grid.step_s);
}

std::size_t validSamples(const Signal& x)
{
    return std::size_t(std::count_if(x.begin(), x.end(), [](double v) { return !std::isnan(v); }));
}

/// One video frame averaged down to grey at about kWorkWidth columns.
struct GreyFrame {
    TimeNs time = 0;
    int width = 0, height = 0;
    std::vector<std::uint8_t> grey;
};

GreyFrame toGrey(const VideoImage& img, TimeNs t)
{
    const int f = std::max(1, img.width / kWorkWidth);
    GreyFrame g{t, img.width / f, img.height / f, {}};
    g.grey.resize(std::size_t(g.width) * std::size_t(g.height));
    for (int y = 0; y < g.height; ++y)
        for (int x = 0; x < g.width; ++x) {
            int sum = 0;
            for (int dy = 0; dy < f; ++dy) {
                const std::uint8_t* px =
                    &img.rgb[(std::size_t(y * f + dy) * std::size_t(img.width) + std::size_t(x * f)) * 3];
                for (int i = 0; i < 3 * f; ++i)
                    sum += px[i];
            }
            g.grey[std::size_t(y * g.width + x)] = std::uint8_t(sum / (3 * f * f));
        }
    return g;
}

/// Decodes the camera's frames whose session time lies in [t0, t1]; stops at a frame that does not
/// decode.
std::vector<GreyFrame> decodeFrames(const CameraStream& cam, TimeNs t0, TimeNs t1)
{
    std::vector<GreyFrame> frames;
    VideoReader reader(cam.videoPath);
    VideoImage img;
    for (std::size_t i = 0; i < cam.frames.size(); ++i) {
        const TimeNs t = cam.frames.timeAt(i);
        if (t < t0 || t > t1)
            continue;
        if (!reader.read(std::int64_t(i), img))
            break;
        frames.push_back(toGrey(img, t));
    }
    return frames;
}

/// Changed pixels between consecutive frames, per row (`rows` of them), at the midpoint times.
struct MotionRows {
    std::vector<TimeNs> times;
    std::vector<std::vector<double>> rows; ///< [frame pair][row]: changed grey levels summed.
};

MotionRows frameMotion(const std::vector<GreyFrame>& frames)
{
    MotionRows m;
    for (std::size_t i = 1; i < frames.size(); ++i) {
        const GreyFrame &a = frames[i - 1], &b = frames[i];
        std::vector<double> row(std::size_t(b.height), 0.0);
        for (int y = 0; y < b.height; ++y)
            for (int x = 0; x < b.width; ++x) {
                const int d =
                    std::abs(int(a.grey[std::size_t(y * b.width + x)]) - int(b.grey[std::size_t(y * b.width + x)]));
                row[std::size_t(y)] += d > kDiffThreshold ? d : 0;
            }
        m.times.push_back(a.time + (b.time - a.time) / 2);
        m.rows.push_back(std::move(row));
    }
    return m;
}

/// Motion summed over rows [y0, y1] of every frame pair, resampled on the grid and smoothed.
Signal motionSignal(const MotionRows& m, std::size_t y0, std::size_t y1, const Grid& grid)
{
    std::vector<double> v(m.times.size(), 0.0);
    for (std::size_t i = 0; i < v.size(); ++i)
        for (std::size_t y = y0; y <= y1 && y < m.rows[i].size(); ++y)
            v[i] += m.rows[i][y];
    return smoothed(resample(
                        v.size(), [&](std::size_t i) { return m.times[i]; }, [&](std::size_t i) { return v[i]; }, grid),
                    grid.step_s);
}

/// How far rows [y0, y1] of each frame differ from the same rows of `before` or of `after`
/// (frames with both feet on the floor), whichever is closer: 0 while the feet stand where they
/// stood, large while a foot is in the air. Resampled on the grid and smoothed.
Signal feetAway(const std::vector<GreyFrame>& frames, const GreyFrame& before, const GreyFrame& after, std::size_t y0,
                std::size_t y1, const Grid& grid)
{
    auto distance = [&](const GreyFrame& f, const GreyFrame& ref) {
        double sum = 0;
        for (std::size_t i = y0 * std::size_t(f.width); i < (y1 + 1) * std::size_t(f.width) && i < f.grey.size(); ++i) {
            const int d = std::abs(int(f.grey[i]) - int(ref.grey[i]));
            sum += d > kDiffThreshold ? d : 0;
        }
        return sum;
    };
    std::vector<double> v(frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i)
        v[i] = std::min(distance(frames[i], before), distance(frames[i], after));
    return smoothed(
        resample(
            v.size(), [&](std::size_t i) { return frames[i].time; }, [&](std::size_t i) { return v[i]; }, grid),
        grid.step_s);
}

/// The decoded frame nearest to t.
const GreyFrame& frameNear(const std::vector<GreyFrame>& frames, TimeNs t)
{
    return *std::min_element(frames.begin(), frames.end(), [&](const GreyFrame& a, const GreyFrame& b) {
        return std::abs(a.time - t) < std::abs(b.time - t);
    });
}

/// The rows of the feet: of the rows that moved between `from` and `to` (the gesture in the
/// video, after the coarse match), the lowest kFootBand of their height.
std::pair<std::size_t, std::size_t> footRows(const MotionRows& m, TimeNs from, TimeNs to)
{
    std::vector<double> activity;
    for (std::size_t i = 0; i < m.times.size(); ++i) {
        if (m.times[i] < from || m.times[i] > to)
            continue;
        activity.resize(m.rows[i].size(), 0.0);
        for (std::size_t y = 0; y < m.rows[i].size(); ++y)
            activity[y] += m.rows[i][y];
    }
    if (activity.empty())
        return {0, 0};
    const double peak = *std::max_element(activity.begin(), activity.end());
    std::size_t top = 0, bottom = activity.size() - 1;
    while (top < activity.size() && activity[top] <= 0.1 * peak)
        ++top;
    while (bottom > top && activity[bottom] <= 0.1 * peak)
        --bottom;
    const auto band = std::size_t(std::ceil(kFootBand * double(bottom - top + 1)));
    return {bottom >= band ? bottom - band : 0, bottom};
}

/// The pressure grid around a gesture, or why there is none.
struct GestureWindow {
    Contacts contacts, soft;
    Gesture gesture;
    std::size_t lo = 0, hi = 0; ///< Grid indices compared.
};

std::optional<GestureWindow> gestureWindow(const Session& s, const SyncOptions& o, SyncEstimate& e)
{
    if (!hasPressure(s, e))
        return std::nullopt;
    const TimeNs first = std::min(s.tactile(Foot::Left).timeAt(0), s.tactile(Foot::Right).timeAt(0));
    const auto [contacts, soft] = footContacts(s, gridFor(s, first, first, o));
    GestureWindow w{contacts, soft, {}, 0, 0};
    const std::optional<Gesture> g = findGesture(w.contacts, o);
    if (!g) {
        e.note = "no sync gesture in the pressure (a jump or a stomp: a foot off the floor for at most 1.5 s, with "
                 "both feet still for 0.8 s before and after)";
        return std::nullopt;
    }
    w.gesture = *g;
    const auto margin = std::size_t(kMargin_s / o.step_s);
    w.lo = g->from() > margin ? g->from() - margin : 0;
    w.hi = std::min(w.contacts.grid.size, g->to() + margin);
    return w;
}

long lagSteps(double s, const SyncOptions& o) { return long(std::lround(s / o.step_s)); }

/// Whether, at `offset_s`, the video is still in the time before the gesture where the pressure
/// says both feet stood still (kQuiet_s): the feet's rows [y0, y1] move less than half as much
/// there as during the gesture. Steps of the walk after a jump can match the jump's landing inside the
/// search window when the true offset lies outside it; this tells them apart.
bool stillBeforeGesture(const MotionRows& motion, std::size_t y0, std::size_t y1, const GestureWindow& w,
                        double offset_s, const SyncOptions& o)
{
    const Grid& grid = w.contacts.grid;
    const Signal whole = motionSignal(motion, y0, y1, grid);
    const long lag = lagSteps(offset_s, o);
    auto mean = [&](std::size_t from, std::size_t to) {
        double sum = 0, n = 0;
        for (std::size_t k = from; k < to; ++k) {
            const long v = long(k) - lag;
            if (v < 0 || v >= long(whole.size()) || std::isnan(whole[std::size_t(v)]))
                continue;
            sum += whole[std::size_t(v)];
            n += 1;
        }
        return n > 0 ? sum / n : kNaN;
    };
    const auto quiet = std::size_t(kQuiet_s / o.step_s);
    const std::size_t start = w.gesture.from();
    // The last quarter before the gesture is left out: smoothing spreads the gesture into it.
    const double before = mean(start > quiet ? start - quiet : 0, start > quiet / 4 ? start - quiet / 4 : 0);
    const double during = mean(start, w.gesture.to() + 1);
    return std::isnan(before) || std::isnan(during) || before < 0.5 * during;
}

} // namespace

SyncEstimate estimateCameraOffset(const Session& s, const std::string& name, const SyncOptions& o)
{
    SyncEstimate e;
    e.stream = "camera_" + name;
    const auto cam =
        std::find_if(s.cameras().begin(), s.cameras().end(), [&](const CameraStream& c) { return c.name == name; });
    if (cam == s.cameras().end() || cam->frames.size() < 2) {
        e.note = "no such camera, or no frames";
        return e;
    }
    const std::optional<GestureWindow> w = gestureWindow(s, o, e);
    if (!w)
        return e;
    const Grid& grid = w->contacts.grid;
    const TimeNs lag = secondsToNs(o.maxLag_s + 0.1);
    const std::vector<GreyFrame> frames = decodeFrames(*cam, grid.at(w->lo) - lag, grid.at(w->hi) + lag);
    if (frames.size() < 10) {
        e.note = "the video does not cover the sync gesture within the search window";
        return e;
    }
    const MotionRows motion = frameMotion(frames);
    const Signal landings = contactChange(w->soft, w->lo, w->hi);
    const std::size_t overlap = validSamples(landings); // the video must cover the whole gesture
    // Coarse: how much the whole picture moves against how fast the feet's contact changes.
    SyncEstimate coarse = e;
    const long maxLag = lagSteps(o.maxLag_s, o);
    findPeak({{magnitude(landings), motionSignal(motion, 0, std::size_t(frames.front().height), grid)}},
             {-maxLag, maxLag}, o.step_s, 0.0, "the whole picture's motion", coarse, overlap);
    if (!coarse.found) {
        e.note = "video: " + coarse.note;
        return e;
    }
    // Fine: how many feet are off the floor in the pressure against how far the rows of the feet
    // (found where the picture moved during the gesture) differ from the standing feet before and
    // after the gesture.
    const TimeNs shift = secondsToNs(coarse.offset_s);
    const TimeNs from = grid.at(w->gesture.from()) - shift, to = grid.at(w->gesture.to()) - shift;
    const auto [y0, y1] = footRows(motion, from - secondsToNs(0.15), to + secondsToNs(0.15));
    const Signal away = feetAway(frames, frameNear(frames, from - secondsToNs(kQuiet_s / 2)),
                                 frameNear(frames, to + secondsToNs(kQuiet_s / 2)), y0, y1, grid);
    const long centre = lagSteps(coarse.offset_s, o), fine = lagSteps(0.25, o);
    // Only around the landing: a foot is unloaded before it leaves the floor, but touches it and
    // stops at the same instant.
    const auto landing = std::size_t(kLanding_s / o.step_s);
    const Signal off =
        feetOff(w->contacts, w->gesture.to() - std::min(landing, w->gesture.to()), w->gesture.to() + landing);
    findPeak({{off, away}}, {std::max(-maxLag, centre - fine), std::min(maxLag, centre + fine)}, o.step_s,
             kMinCorrelation,
             std::string(w->gesture.jump() ? "jump" : "stomp") +
                 ": feet off the floor in the pressure vs the feet away from where they stood in rows " +
                 std::to_string(y0) + ".." + std::to_string(y1) + " of the picture",
             e, validSamples(off));
    if (e.found && !stillBeforeGesture(motion, y0, y1, *w, e.offset_s, o)) {
        // Another movement (steps after the gesture) matched better inside the search window.
        e.found = false;
        e.note = "the best match is not a gesture in the video (the feet move before it, where they stood "
                 "still): the camera may be further off than the " +
                 std::to_string(o.maxLag_s) + " s searched (--max-lag-s)";
    }
    return e;
}

SyncEstimate estimateRightInsoleFromGesture(const Session& s, const SyncOptions& o)
{
    SyncEstimate e;
    e.stream = "tactile_right";
    const std::optional<GestureWindow> w = gestureWindow(s, o, e);
    if (!w)
        return e;
    if (!w->gesture.jump()) {
        e.note = "the sync gesture is a stomp: only a jump (both feet landing together) places the right insole";
        return e;
    }
    // The left foot's contact around its jump against the right foot's.
    const Lift& l = *w->gesture.feet[0];
    const auto margin = std::size_t(kMargin_s / o.step_s);
    const std::size_t lo = l.from > margin ? l.from - margin : 0, hi = std::min(w->contacts.grid.size, l.to + margin);
    Signal left(w->contacts.grid.size, kNaN);
    std::copy(w->contacts.feet[0].begin() + long(lo), w->contacts.feet[0].begin() + long(hi), left.begin() + long(lo));
    const long maxLag = lagSteps(o.maxLag_s, o);
    findPeak({{smoothed(left, o.step_s), smoothed(w->contacts.feet[1], o.step_s)}}, {-maxLag, maxLag}, o.step_s,
             kMinCorrelation, "jump: the right foot's contact with the floor against the left's", e);
    return e;
}

} // namespace insolepose::interchange
