#include "reach/core/file_hash.hpp"

#include <gtest/gtest.h>

#include "reach/core/error.hpp"
#include "reach_test/support.hpp"

// FNV-1a 64 reference values: offset basis for "", and the published value for "a".
TEST(FileHash, Fnv1aMatchesReferenceValues) {
    EXPECT_EQ(reach::fnv1a(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(reach::fnv1a("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(FileHash, SameBytesSameHashDifferentBytesDifferentHash) {
    const reach::test::TempDir dir;
    reach::test::write_text(dir / "a.txt", "hello");
    reach::test::write_text(dir / "b.txt", "hello");
    reach::test::write_text(dir / "c.txt", "hellO");
    EXPECT_EQ(reach::hash_file(dir / "a.txt"), reach::hash_file(dir / "b.txt"));
    EXPECT_NE(reach::hash_file(dir / "a.txt"), reach::hash_file(dir / "c.txt"));
    EXPECT_EQ(reach::hash_file(dir / "a.txt"), reach::to_hex(reach::fnv1a("hello")));
}

TEST(FileHash, MissingFileIsAnInputErrorNamingTheFile) {
    try {
        (void)reach::hash_file("no/such/file.pbf");
        FAIL() << "expected InputError";
    } catch (const reach::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no/such/file.pbf"), std::string::npos);
    }
}
