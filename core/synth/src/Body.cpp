#include "Body.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>

namespace insolepose::synth::detail {
namespace {

using K = Keypoint;
constexpr float kToeOut = 0.08f;

struct FootPoints {
    Eigen::Vector3f heel, ankle, bigToe, smallToe;
    float lowest; ///< Lowest contact point (heel, forefoot, toe tip) height.
};

/// Foot keypoints in world space. Local frame: x forward from the heel's floor contact, y
/// outward (lateral), z up.
FootPoints placeFoot(const Subject& s, const FootPlacement& p, bool left)
{
    const float L = s.footLength_m;
    const float W = s.footWidth_m;
    const float mt = 0.70f * L; // metatarsal heads: the forefoot rocker's axis
    struct Local {
        float x, y, z;
        bool rear; // rotates with the rearfoot when the heel rises
    };
    Local heel{0.0f, 0.0f, 0.025f, true};
    Local ankle{0.25f * L, 0.0f, s.ankleHeight_m, true};
    Local bigToe{0.97f * L, -0.22f * W, 0.02f, false};
    Local smallToe{0.80f * L, 0.40f * W, 0.02f, false};
    Local contacts[3] = {{0, 0, 0, true}, {mt, 0, 0, false}, {L, 0, 0, false}};

    auto rotate = [](Local& q, float pivotX, float a) {
        const float dx = q.x - pivotX;
        const float x = pivotX + dx * std::cos(a) - q.z * std::sin(a);
        const float z = dx * std::sin(a) + q.z * std::cos(a);
        q.x = x;
        q.z = z;
    };
    auto apply = [&](Local& q) {
        if (p.pitch >= 0.0f)
            rotate(q, 0.0f, p.pitch); // heel rocker: everything turns about the heel
        else if (q.rear)
            rotate(q, mt, p.pitch); // forefoot rocker: the rearfoot rises, the toes stay flat
        q.z += p.lift_m;
    };
    for (Local* q : {&heel, &ankle, &bigToe, &smallToe, &contacts[0], &contacts[1], &contacts[2]})
        apply(*q);
    // Nothing goes below the floor.
    float lowest = std::min({contacts[0].z, contacts[1].z, contacts[2].z, bigToe.z - 0.02f, heel.z - 0.025f});
    const float raise = lowest < 0.0f ? -lowest : 0.0f;

    const Eigen::Vector3f fwd = forwardOf(p.yaw);
    const Eigen::Vector3f out = left ? leftOf(p.yaw) : Eigen::Vector3f(-leftOf(p.yaw));
    const Eigen::Vector3f origin = Eigen::Vector3f(p.centre.x(), p.centre.y(), 0.0f) - fwd * (0.45f * L);
    auto world = [&](const Local& q) {
        return Eigen::Vector3f(origin + fwd * q.x + out * q.y + Eigen::Vector3f(0, 0, q.z + raise));
    };
    return {world(heel), world(ankle), world(bigToe), world(smallToe), lowest + raise};
}

/// Knee position for a leg from hip to ankle, bending towards `pole`.
Eigen::Vector3f solveKnee(const Eigen::Vector3f& hip, const Eigen::Vector3f& ankle, float l1, float l2,
                          const Eigen::Vector3f& pole)
{
    Eigen::Vector3f v = ankle - hip;
    float d = v.norm();
    const Eigen::Vector3f u = d > 1e-6f ? Eigen::Vector3f(v / d) : Eigen::Vector3f(0, 0, -1);
    d = std::clamp(d, std::abs(l1 - l2) + 1e-3f, l1 + l2 - 1e-4f);
    const float a = (l1 * l1 - l2 * l2 + d * d) / (2.0f * d);
    const float h = std::sqrt(std::max(0.0f, l1 * l1 - a * a));
    Eigen::Vector3f p = pole - pole.dot(u) * u;
    if (p.norm() < 1e-6f)
        p = Eigen::Vector3f(0, 0, 1) - u.z() * u;
    return hip + a * u + h * p.normalized();
}

} // namespace

Posture neutralPosture(const Subject& s, Eigen::Vector2f centre, float heading)
{
    Posture p;
    p.heading = heading;
    p.pelvis = Eigen::Vector3f(centre.x(), centre.y(), s.standingHipHeight() - 0.01f);
    const Eigen::Vector3f l = leftOf(heading);
    for (int f = 0; f < 2; ++f) {
        const float sign = f == 0 ? 1.0f : -1.0f;
        p.feet[f].centre = centre + sign * 0.5f * s.hipWidth_m * l.head<2>();
        p.feet[f].yaw = heading + sign * kToeOut;
    }
    return p;
}

Pose buildPose(const Subject& s, Posture& p)
{
    Pose pose;
    auto at = [&](K k) -> Eigen::Vector3f& { return pose[static_cast<std::size_t>(k)]; };
    const Eigen::Vector3f fwd = forwardOf(p.heading);
    const Eigen::Vector3f left = leftOf(p.heading);
    const float reach = 0.995f * (s.thigh_m + s.shank_m);

    FootPoints feet[2] = {placeFoot(s, p.feet[0], true), placeFoot(s, p.feet[1], false)};
    // Lower the pelvis until each leg reaches its foot as it would stand on the floor, weighted by
    // how much that foot counts (stance feet fully).
    // Each leg asks for the pelvis to come down by the amount it falls short, softened (softplus,
    // 2 cm wide) and weighted by how much that foot counts; the two requests combine through a
    // smooth maximum, so the pelvis height stays smooth. softplus(x) >= x: no leg over-reaches.
    const float desiredZ = p.pelvis.z();
    float request[2] = {0.0f, 0.0f};
    for (int f = 0; f < 2; ++f) {
        if (p.feet[f].reach <= 0.0f)
            continue;
        FootPlacement planted = p.feet[f];
        planted.lift_m = 0.0f;
        const Eigen::Vector3f ankle = placeFoot(s, planted, f == 0).ankle;
        const float sign = f == 0 ? 1.0f : -1.0f;
        const Eigen::Vector3f hip = p.pelvis + sign * 0.5f * s.hipWidth_m * left;
        const float horiz = std::min((hip.head<2>() - ankle.head<2>()).norm(), 0.98f * reach);
        const float over = desiredZ - (ankle.z() + std::sqrt(reach * reach - horiz * horiz));
        const float soft = over > 0.4f ? over : 0.02f * std::log1p(std::exp(over / 0.02f));
        request[f] = std::min(1.0f, p.feet[f].reach) * soft;
    }
    const float hi = std::max(request[0], request[1]), lo = std::min(request[0], request[1]);
    p.pelvis.z() = desiredZ - (hi + 0.01f * std::log1p(std::exp((lo - hi) / 0.01f)));
    for (int f = 0; f < 2; ++f) {
        const float sign = f == 0 ? 1.0f : -1.0f;
        const Eigen::Vector3f hip = p.pelvis + sign * 0.5f * s.hipWidth_m * left;
        // A swinging foot that the leg cannot reach is pulled towards the hip.
        const Eigen::Vector3f v = feet[f].ankle - hip;
        if (v.norm() > reach) {
            const Eigen::Vector3f shift = -v.normalized() * (v.norm() - reach);
            for (Eigen::Vector3f* q : {&feet[f].heel, &feet[f].ankle, &feet[f].bigToe, &feet[f].smallToe})
                *q += shift;
        }
        const bool isLeft = f == 0;
        at(isLeft ? K::LeftHip : K::RightHip) = hip;
        at(isLeft ? K::LeftAnkle : K::RightAnkle) = feet[f].ankle;
        at(isLeft ? K::LeftHeel : K::RightHeel) = feet[f].heel;
        at(isLeft ? K::LeftBigToe : K::RightBigToe) = feet[f].bigToe;
        at(isLeft ? K::LeftSmallToe : K::RightSmallToe) = feet[f].smallToe;
        const Eigen::Vector3f pole = forwardOf(p.feet[f].yaw) + Eigen::Vector3f(0, 0, 0.1f);
        at(isLeft ? K::LeftKnee : K::RightKnee) = solveKnee(hip, feet[f].ankle, s.thigh_m, s.shank_m, pole);
    }

    // Trunk, shoulders and head.
    const Eigen::Vector3f axis =
        (Eigen::Vector3f(0, 0, 1) + fwd * std::tan(p.lean) - left * std::tan(p.sideBend)).normalized();
    const Eigen::Vector3f neckPos = p.pelvis + axis * s.trunk_m;
    Eigen::Vector3f lt = Eigen::AngleAxisf(p.twist, Eigen::Vector3f::UnitZ()) * left;
    lt = (lt - lt.dot(axis) * axis).normalized();
    const Eigen::Vector3f ft = lt.cross(axis).normalized();
    at(K::LeftShoulder) = neckPos + lt * (0.5f * s.shoulderWidth_m);
    at(K::RightShoulder) = neckPos - lt * (0.5f * s.shoulderWidth_m);
    at(K::Nose) = neckPos + axis * (0.75f * s.neckToNose_m) + ft * (0.35f * s.neckToNose_m);

    for (int a = 0; a < 2; ++a) {
        const bool isLeft = a == 0;
        const ArmPose& arm = p.arms[a];
        const Eigen::Vector3f outward = isLeft ? lt : Eigen::Vector3f(-lt);
        Eigen::Vector3f dir = -axis * std::cos(arm.flexion) + ft * std::sin(arm.flexion);
        dir = (dir * std::cos(arm.abduction) + outward * std::sin(arm.abduction)).normalized();
        const Eigen::Vector3f shoulder = at(isLeft ? K::LeftShoulder : K::RightShoulder);
        const Eigen::Vector3f elbow = shoulder + dir * s.upperArm_m;
        Eigen::Vector3f perp = ft - ft.dot(dir) * dir;
        if (perp.norm() < 1e-4f)
            perp = axis - axis.dot(dir) * dir;
        const Eigen::Vector3f fore = (dir * std::cos(arm.elbow) + perp.normalized() * std::sin(arm.elbow)).normalized();
        at(isLeft ? K::LeftElbow : K::RightElbow) = elbow;
        at(isLeft ? K::LeftWrist : K::RightWrist) = elbow + fore * s.forearm_m;
    }
    return pose;
}

} // namespace insolepose::synth::detail
