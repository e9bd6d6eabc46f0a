#include "insolepose/Skeleton.h"

#include <QTest>

#include <Eigen/Geometry>
#include <cmath>

using namespace insolepose;

namespace {
Pose samplePose()
{
    Pose p;
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        p[k] = Eigen::Vector3f(0.03f * float(k) - 0.2f, 0.02f * float(k % 5), 0.1f * float(k % 7) + 0.05f);
    p[std::size_t(Keypoint::LeftShoulder)] = {1.0f, 2.0f, 1.4f};
    p[std::size_t(Keypoint::RightShoulder)] = {1.0f, 2.4f, 1.42f}; // body faces -x
    p[std::size_t(Keypoint::LeftHip)] = {1.05f, 2.1f, 0.95f};
    p[std::size_t(Keypoint::RightHip)] = {1.05f, 2.3f, 0.93f};
    return p;
}
} // namespace

class TestSkeleton : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keypointOrderMatchesPaper()
    {
        QCOMPARE(QString::fromUtf8(keypointName(Keypoint::Nose).data()), QStringLiteral("nose"));
        QCOMPARE(QString::fromUtf8(keypointName(std::size_t(12)).data()), QStringLiteral("right_ankle"));
        QCOMPARE(QString::fromUtf8(keypointName(std::size_t(15)).data()), QStringLiteral("left_heel"));
        QCOMPARE(QString::fromUtf8(keypointName(std::size_t(18)).data()), QStringLiteral("right_heel"));
        QCOMPARE(cocoWholebodyIndex(Keypoint::Nose), 0);
        QCOMPARE(cocoWholebodyIndex(Keypoint::LeftShoulder), 5);
        QCOMPARE(cocoWholebodyIndex(Keypoint::RightHeel), 22);
    }
    void bodyPartsAndSides()
    {
        QCOMPARE(bodyPart(Keypoint::Nose), BodyPart::Head);
        QCOMPARE(bodyPart(Keypoint::RightWrist), BodyPart::UpperBody);
        QCOMPARE(bodyPart(Keypoint::LeftHip), BodyPart::LowerBody);
        QCOMPARE(bodyPart(Keypoint::LeftAnkle), BodyPart::LowerBody);
        QCOMPARE(bodyPart(Keypoint::LeftBigToe), BodyPart::Feet);
        QCOMPARE(side(Keypoint::LeftElbow), Side::Left);
        QCOMPARE(side(Keypoint::RightKnee), Side::Right);
        QCOMPARE(side(Keypoint::LeftHeel), Side::Left);
        QCOMPARE(side(Keypoint::RightBigToe), Side::Right);
        QCOMPARE(side(Keypoint::Nose), Side::Centre);
    }
    void bonesConnectEveryKeypoint()
    {
        std::array<int, kKeypointCount> seen{};
        for (const Bone& b : skeletonBones()) {
            if (b.fromKind == Bone::End::Keypoint)
                ++seen[std::size_t(b.from)];
            if (b.toKind == Bone::End::Keypoint)
                ++seen[std::size_t(b.to)];
        }
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            QVERIFY2(seen[k] > 0, keypointName(k).data());
    }
    void derivedJoints()
    {
        const Pose p = samplePose();
        QVERIFY(neck(p).isApprox(Eigen::Vector3f(1.0f, 2.2f, 1.41f)));
        QVERIFY(pelvis(p).isApprox(Eigen::Vector3f(1.05f, 2.2f, 0.94f)));
    }
    void normalizationFollowsPaper()
    {
        const Pose p = samplePose();
        const Pose n = normalizePose(p);
        // Pelvis x-y at the origin, z untouched.
        QVERIFY(pelvis(n).head<2>().norm() < 1e-5f);
        QCOMPARE(pelvis(n).z(), pelvis(p).z());
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            QVERIFY(std::abs(n[k].z() - p[k].z()) < 1e-6f);
        // Left-to-right shoulder vector along +x.
        const Eigen::Vector3f s = n[std::size_t(Keypoint::RightShoulder)] - n[std::size_t(Keypoint::LeftShoulder)];
        QVERIFY(s.x() > 0.0f);
        QVERIFY(std::abs(s.y()) < 1e-5f);
        // Distances are preserved and the transform undoes exactly.
        QVERIFY(std::abs((n[0] - n[18]).norm() - (p[0] - p[18]).norm()) < 1e-5f);
        const Pose back = undoNormalization(n, normalizationFor(p));
        QVERIFY(mpjpe(back, p) < 1e-5f);
    }
    void normalizationIsInvariantToHeadingAndPlace()
    {
        const Pose p = samplePose();
        const Eigen::Matrix3f r = Eigen::AngleAxisf(1.1f, Eigen::Vector3f::UnitZ()).toRotationMatrix();
        Pose moved;
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            moved[k] = r * p[k] + Eigen::Vector3f(3.0f, -2.0f, 0.0f);
        QVERIFY(mpjpe(normalizePose(moved), normalizePose(p)) < 1e-5f);
    }
    void finiteness()
    {
        Pose p = samplePose();
        QVERIFY(isFinite(p));
        p[4].y() = std::nanf("");
        QVERIFY(!isFinite(p));
    }
};

QTEST_APPLESS_MAIN(TestSkeleton)
#include "test_skeleton.moc"
