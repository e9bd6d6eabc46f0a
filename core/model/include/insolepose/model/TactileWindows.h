#pragma once
// Builds model inputs from sessions: normalised tactile windows (T frames per foot, left first)
// read straight from the memory-mapped arrays, never copied 40 times, and the matching
// ground-truth poses in the paper's normalised frame. Errors: Error when a session has no
// tactile frames for a foot.
#include "insolepose/Session.h"
#include "insolepose/model/ModelConfig.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace insolepose::model {

/// Index of a window: for each foot, the tactile frame (in time order) the label frame falls on.
struct WindowRef {
    std::size_t session = 0;
    FootPair<std::size_t> labelFrame;
    TimeNs time_ns = 0; ///< Session-clock time the window describes.
    std::size_t gtIndex = 0; ///< Ground-truth keypoint frame (when there is one).
};

class WindowSource {
public:
    explicit WindowSource(const ModelConfig& config) : m_config(config) {}
    const ModelConfig& config() const { return m_config; }
    /// Adds a session; returns its index. Keeps a reference: the session must outlive this.
    std::size_t addSession(const Session& session);
    const Session& session(std::size_t i) const { return *m_sessions[i]; }
    std::size_t sessionCount() const { return m_sessions.size(); }

    /// The window whose label frame is the tactile frame at (or just before) time t, if both feet
    /// have enough frames around it.
    std::optional<WindowRef> at(std::size_t session, TimeNs t_ns) const;
    /// Windows at every valid ground-truth keypoint frame of a session.
    std::vector<WindowRef> groundTruthWindows(std::size_t session) const;

    /// Writes one window (2 * T * rows * cols floats) into `out`; frames outside a stream repeat
    /// its first/last frame. `downsample` > 1 applies the resolution ablation (average pooling by
    /// 2, `downsample` times, then nearest-neighbour back to the input size).
    void fill(const WindowRef& w, std::span<float> out, int downsample = 0) const;
    /// The ground-truth pose of a window in the normalised frame (paper eq. 1).
    Pose target(const WindowRef& w) const;
    /// The action label at the window's time (the last ground-truth label track that has one), or
    /// "" when the window falls in no labelled segment. Model-proposed tracks (source "model") are
    /// never ground truth; with setLabelTrack() only the track of that name counts.
    std::string action(const WindowRef& w) const;
    /// Reads actions from the label track `name` only (empty: every ground-truth track).
    void setLabelTrack(std::string name) { m_labelTrack = std::move(name); }
    std::size_t windowValues() const
    {
        return std::size_t(2 * m_config.window * m_config.inputRows * m_config.inputCols);
    }

private:
    ModelConfig m_config;
    std::vector<const Session*> m_sessions;
    std::string m_labelTrack;
};

/// Average-pools a rows x cols frame by 2 (ceil), `times` times, then scales it back up to
/// rows x cols by nearest neighbour (the paper's resolution ablation, 30x22 -> 15x11 -> 8x6 -> 4x3).
void degradeResolution(std::span<float> frame, int rows, int cols, int times);

} // namespace insolepose::model
