#include "insolepose/Skeleton.h"

#include <Eigen/Geometry>

#include <cmath>

namespace insolepose {
namespace {

constexpr std::array<std::string_view, kKeypointCount> kNames = {
    "nose",       "left_shoulder", "right_shoulder",  "left_elbow",   "right_elbow",
    "left_wrist", "right_wrist",   "left_hip",        "right_hip",    "left_knee",
    "right_knee", "left_ankle",    "right_ankle",     "left_big_toe", "left_small_toe",
    "left_heel",  "right_big_toe", "right_small_toe", "right_heel"};

using K = Keypoint;
using E = Bone::End;
const std::array<Bone, 20> kBones = {{
    {E::Keypoint, K::Nose, E::Neck, K::Nose},
    {E::Neck, K::Nose, E::Keypoint, K::LeftShoulder},
    {E::Neck, K::Nose, E::Keypoint, K::RightShoulder},
    {E::Keypoint, K::LeftShoulder, E::Keypoint, K::LeftElbow},
    {E::Keypoint, K::LeftElbow, E::Keypoint, K::LeftWrist},
    {E::Keypoint, K::RightShoulder, E::Keypoint, K::RightElbow},
    {E::Keypoint, K::RightElbow, E::Keypoint, K::RightWrist},
    {E::Neck, K::Nose, E::Pelvis, K::Nose},
    {E::Pelvis, K::Nose, E::Keypoint, K::LeftHip},
    {E::Pelvis, K::Nose, E::Keypoint, K::RightHip},
    {E::Keypoint, K::LeftHip, E::Keypoint, K::LeftKnee},
    {E::Keypoint, K::LeftKnee, E::Keypoint, K::LeftAnkle},
    {E::Keypoint, K::RightHip, E::Keypoint, K::RightKnee},
    {E::Keypoint, K::RightKnee, E::Keypoint, K::RightAnkle},
    {E::Keypoint, K::LeftAnkle, E::Keypoint, K::LeftHeel},
    {E::Keypoint, K::LeftHeel, E::Keypoint, K::LeftBigToe},
    {E::Keypoint, K::LeftBigToe, E::Keypoint, K::LeftSmallToe},
    {E::Keypoint, K::RightAnkle, E::Keypoint, K::RightHeel},
    {E::Keypoint, K::RightHeel, E::Keypoint, K::RightBigToe},
    {E::Keypoint, K::RightBigToe, E::Keypoint, K::RightSmallToe},
}};

} // namespace

std::string_view keypointName(std::size_t index)
{
    return index < kKeypointCount ? kNames[index] : std::string_view("invalid");
}
std::string_view keypointName(Keypoint k) { return keypointName(static_cast<std::size_t>(k)); }

int cocoWholebodyIndex(Keypoint k)
{
    const int i = static_cast<int>(k);
    return i == 0 ? 0 : i + 4; // nose stays 0; the rest are coco_wholebody 5..22 in order
}

BodyPart bodyPart(Keypoint k)
{
    const int i = static_cast<int>(k);
    if (i == 0)
        return BodyPart::Head;
    if (i <= static_cast<int>(K::RightWrist))
        return BodyPart::UpperBody;
    if (i <= static_cast<int>(K::RightAnkle))
        return BodyPart::LowerBody;
    return BodyPart::Feet;
}

std::string_view bodyPartName(BodyPart part)
{
    switch (part) {
    case BodyPart::Head: return "head";
    case BodyPart::UpperBody: return "upper_body";
    case BodyPart::LowerBody: return "lower_body";
    case BodyPart::Feet: return "feet";
    }
    return "unknown";
}

Side side(Keypoint k)
{
    const int i = static_cast<int>(k);
    if (i == 0)
        return Side::Centre;
    if (i <= static_cast<int>(K::RightAnkle))
        return (i % 2 == 1) ? Side::Left : Side::Right;
    return i <= static_cast<int>(K::LeftHeel) ? Side::Left : Side::Right;
}

const std::array<Bone, 20>& skeletonBones() { return kBones; }

Eigen::Vector3f neck(const Pose& p) { return 0.5f * (p[int(K::LeftShoulder)] + p[int(K::RightShoulder)]); }
Eigen::Vector3f pelvis(const Pose& p) { return 0.5f * (p[int(K::LeftHip)] + p[int(K::RightHip)]); }

Eigen::Vector3f boneEnd(const Pose& pose, Bone::End kind, Keypoint k)
{
    switch (kind) {
    case E::Neck: return neck(pose);
    case E::Pelvis: return pelvis(pose);
    case E::Keypoint: break;
    }
    return pose[static_cast<std::size_t>(k)];
}

bool isFinite(const Pose& pose)
{
    for (const auto& p : pose)
        if (!p.allFinite())
            return false;
    return true;
}

PoseNormalization normalizationFor(const Pose& pose)
{
    PoseNormalization n;
    n.pelvisXY = pelvis(pose).head<2>();
    const Eigen::Vector3f shoulders = pose[int(K::RightShoulder)] - pose[int(K::LeftShoulder)];
    // Rotate by -heading so the left-to-right shoulder vector lands on +x.
    n.yaw_rad = -std::atan2(shoulders.y(), shoulders.x());
    return n;
}

Pose applyNormalization(const Pose& pose, const PoseNormalization& n)
{
    const Eigen::Matrix3f r = Eigen::AngleAxisf(n.yaw_rad, Eigen::Vector3f::UnitZ()).toRotationMatrix();
    const Eigen::Vector3f shift(n.pelvisXY.x(), n.pelvisXY.y(), 0.0f);
    Pose out;
    for (std::size_t i = 0; i < kKeypointCount; ++i)
        out[i] = r * (pose[i] - shift);
    return out;
}

Pose undoNormalization(const Pose& normalized, const PoseNormalization& n)
{
    const Eigen::Matrix3f rt = Eigen::AngleAxisf(n.yaw_rad, Eigen::Vector3f::UnitZ()).toRotationMatrix().transpose();
    const Eigen::Vector3f shift(n.pelvisXY.x(), n.pelvisXY.y(), 0.0f);
    Pose out;
    for (std::size_t i = 0; i < kKeypointCount; ++i)
        out[i] = rt * normalized[i] + shift;
    return out;
}

float mpjpe(const Pose& a, const Pose& b)
{
    float sum = 0.0f;
    for (std::size_t i = 0; i < kKeypointCount; ++i)
        sum += (a[i] - b[i]).norm();
    return sum / static_cast<float>(kKeypointCount);
}

} // namespace insolepose
