import { isMongoUnavailable } from '../../../api/dependency-errors';

describe('isMongoUnavailable', () => {
  it('knows the driver’s errors for a server away, and a socket the killed server closed mid-command', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    const socket = (code: string) => Object.assign(new Error('This socket has been ended by the other party'), { code });
    for (const error of [named('MongoServerSelectionError'), named('MongoNetworkError'), named('MongoPoolClearedError'), socket('EPIPE'), socket('ECONNRESET')]) {
      expect({ error: String(error), unavailable: isMongoUnavailable(error) }).toEqual({ error: String(error), unavailable: true });
    }
    expect(isMongoUnavailable(new Error('Operation `posts.findOne()` buffering timed out after 10000ms'))).toBe(true);
  });

  it('leaves the request’s own errors alone', () => {
    expect(isMongoUnavailable(Object.assign(new Error('E11000 duplicate key'), { name: 'MongoServerError', code: 11000 }))).toBe(false);
    expect(isMongoUnavailable(new TypeError('bug'))).toBe(false);
    expect(isMongoUnavailable('ECONNRESET')).toBe(false);
  });
});
