#pragma once
// The 19-keypoint skeleton of the paper (order of the authors' code, docs/REFERENCE.md section 1), its
// bones for drawing, the derived neck and pelvis, and the paper's pose normalisation (eq. 1).
#include <Eigen/Core>

#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

namespace insolepose {

inline constexpr std::size_t kKeypointCount = 19;

enum class Keypoint : int {
    Nose = 0,
    LeftShoulder,
    RightShoulder,
    LeftElbow,
    RightElbow,
    LeftWrist,
    RightWrist,
    LeftHip,
    RightHip,
    LeftKnee,
    RightKnee,
    LeftAnkle,
    RightAnkle,
    LeftBigToe,
    LeftSmallToe,
    LeftHeel,
    RightBigToe,
    RightSmallToe,
    RightHeel,
};

enum class BodyPart { Head, UpperBody, LowerBody, Feet };
enum class Side { Centre, Left, Right };

/// Keypoint positions in metres, world frame, z up, floor at z = 0.
using Pose = std::array<Eigen::Vector3f, kKeypointCount>;

std::string_view keypointName(Keypoint k);
std::string_view keypointName(std::size_t index);
/// The coco_wholebody index of each keypoint (for XRMoCap interchange).
int cocoWholebodyIndex(Keypoint k);
BodyPart bodyPart(Keypoint k);
std::string_view bodyPartName(BodyPart part);
Side side(Keypoint k);

/// Bones to draw, as pairs of keypoints; the neck and pelvis joints are derived.
struct Bone {
    enum class End { Keypoint, Neck, Pelvis };
    End fromKind;
    Keypoint from;
    End toKind;
    Keypoint to;
};
const std::array<Bone, 20>& skeletonBones();

Eigen::Vector3f neck(const Pose& pose); ///< Midpoint of the shoulders.
Eigen::Vector3f pelvis(const Pose& pose); ///< Midpoint of the hips.
Eigen::Vector3f boneEnd(const Pose& pose, Bone::End kind, Keypoint k);

/// True when every coordinate is finite.
bool isFinite(const Pose& pose);

/// The paper's normalisation: subtract the pelvis x and y (z keeps absolute height), then rotate
/// about z so that the left-to-right shoulder vector points along +x.
struct PoseNormalization {
    Eigen::Vector2f pelvisXY = Eigen::Vector2f::Zero();
    float yaw_rad = 0.0f; ///< Rotation applied about z.
};
PoseNormalization normalizationFor(const Pose& pose);
Pose applyNormalization(const Pose& pose, const PoseNormalization& n);
Pose undoNormalization(const Pose& normalized, const PoseNormalization& n);
inline Pose normalizePose(const Pose& pose) { return applyNormalization(pose, normalizationFor(pose)); }

/// Mean per-joint position error in metres between two poses.
float mpjpe(const Pose& a, const Pose& b);

} // namespace insolepose
