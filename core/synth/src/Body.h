#pragma once
// Internal: the posture parameters the action generators produce and the forward kinematics that
// turns them into the 19 keypoints (two-bone IK for the legs, rigid foot with heel and forefoot
// rockers, trunk, head and arms).
#include "insolepose/Skeleton.h"
#include "insolepose/synth/Subject.h"

#include <Eigen/Core>

namespace insolepose::synth::detail {

struct FootPlacement {
    Eigen::Vector2f centre{0.0f, 0.0f}; ///< Foot centre on the floor.
    float yaw = 0.0f; ///< Direction the toes point.
    float lift_m = 0.0f; ///< Height above the floor (swing).
    float pitch = 0.0f; ///< + toes up about the heel, - heel up about the forefoot.
    bool stance = true;
    /// How much this foot limits the pelvis height (1 for a stance foot). A swinging foot eases
    /// from 1 at lift-off to 0 and back to 1 at landing, so the pelvis never jumps when it lands.
    float reach = 1.0f;
};

struct ArmPose {
    float flexion = 0.05f; ///< Forward raise from hanging, rad (may exceed pi for circles).
    float abduction = 0.08f; ///< Sideways raise, rad.
    float elbow = 0.2f; ///< Elbow flexion, rad.
};

struct Posture {
    Eigen::Vector3f pelvis{0.0f, 0.0f, 0.9f}; ///< Hip midpoint.
    float heading = 0.0f; ///< Facing direction (yaw), rad.
    float lean = 0.0f; ///< Trunk forward lean, rad.
    float sideBend = 0.0f; ///< Trunk bend to the right, rad.
    float twist = 0.0f; ///< Shoulder yaw relative to the pelvis, rad.
    FootPlacement feet[2];
    ArmPose arms[2];
};

/// Neutral standing posture at `centre` facing `heading`.
Posture neutralPosture(const Subject& s, Eigen::Vector2f centre, float heading);

/// Forward kinematics. Lowers the pelvis where a stance leg could not reach its foot, and pulls a
/// swinging foot in where it could not be reached.
Pose buildPose(const Subject& s, Posture& posture);

inline Eigen::Vector3f forwardOf(float yaw) { return {std::cos(yaw), std::sin(yaw), 0.0f}; }
inline Eigen::Vector3f leftOf(float yaw) { return {-std::sin(yaw), std::cos(yaw), 0.0f}; }
inline float smoothstep(float x)
{
    x = x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x);
    return x * x * (3.0f - 2.0f * x);
}

} // namespace insolepose::synth::detail
